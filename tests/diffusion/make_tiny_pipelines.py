"""Writes tiny Stable Diffusion 1.x pipelines with random weights, made and saved by diffusers
itself, as the models the diffusion tests load:
  OUT_DIR/txt2img/   a diffusers folder: unet (4 input channels), vae, text_encoder, tokenizer,
                     scheduler; the SD 1.x block layout (cross-attention down and up blocks around
                     plain ones, a cross-attention mid block) at widths that run in milliseconds
  OUT_DIR/inpaint/   the same with a 9-channel UNet, as inpainting checkpoints have
Both tokenizer folders hold tokenizer.json; only txt2img's also holds vocab.json and merges.txt.
The tokenizer is CLIP's real vocabulary (CLIP_VOCAB_DIR, from scripts/write_clip_vocab.py), so prompts
tokenize as they do for real checkpoints. What single-file checkpoints do not store keeps SD 1.x's
values (8 UNet heads, 32 norm groups, 64-wide CLIP heads), so that the same weights written as a
single file load to the same model. Weights come from torch.manual_seed(0), and the norms'
scales and biases are randomized too, so that a port that skips one of them fails.
Usage: make_tiny_pipelines.py CLIP_VOCAB_DIR OUT_DIR   (exit 77 without diffusers or the vocab)"""
import os
import shutil
import sys

SKIP = 77

# The tests' sizes; benchmarks/diffusion_speed.py makes a larger model with the same layout.
TINY = dict(unet_channels=(32, 64, 64), sample_size=8, width=64, heads=8, groups=32, vae_channels=(32, 32, 64, 64),
            vae_layers=1, text_layers=2, text_heads=1)


def components(in_channels, unet_channels, sample_size, width, heads, groups, vae_channels, vae_layers, text_layers,
               text_heads):
    """A UNet whose blocks but the last have cross-attention (SD 1.x's layout) and text width
    `width`, an autoencoder and a CLIP text encoder, with random weights from torch.manual_seed(0)."""
    import torch
    from diffusers import AutoencoderKL, DDIMScheduler, UNet2DConditionModel
    from transformers import CLIPTextConfig, CLIPTextModel

    torch.manual_seed(0)
    levels = len(unet_channels)
    unet = UNet2DConditionModel(
        sample_size=sample_size,
        in_channels=in_channels,
        out_channels=4,
        block_out_channels=unet_channels,
        layers_per_block=2,
        down_block_types=("CrossAttnDownBlock2D",) * (levels - 1) + ("DownBlock2D",),
        up_block_types=("UpBlock2D",) + ("CrossAttnUpBlock2D",) * (levels - 1),
        cross_attention_dim=width,
        attention_head_dim=heads,
        norm_num_groups=groups,
    )
    vae = AutoencoderKL(
        in_channels=3,
        out_channels=3,
        block_out_channels=vae_channels,
        down_block_types=("DownEncoderBlock2D",) * len(vae_channels),
        up_block_types=("UpDecoderBlock2D",) * len(vae_channels),
        layers_per_block=vae_layers,
        latent_channels=4,
        norm_num_groups=groups,
        sample_size=sample_size * 2 ** (len(vae_channels) - 1),
    )
    text_encoder = CLIPTextModel(CLIPTextConfig(
        vocab_size=49408,
        hidden_size=width,
        intermediate_size=2 * width,
        num_hidden_layers=text_layers,
        num_attention_heads=text_heads,
        max_position_embeddings=77,
        hidden_act="quick_gelu",
        bos_token_id=49406,
        eos_token_id=49407,
        pad_token_id=49407,
    ))
    with torch.no_grad():
        for model in (unet, vae, text_encoder):
            for name, p in model.named_parameters():
                if p.dim() == 1 and ("norm" in name or "layer_norm" in name):
                    p.copy_((1.0 if name.endswith("weight") else 0.0) + 0.2 * torch.randn_like(p))
    # SD 1.x's scheduler configuration.
    scheduler = DDIMScheduler(beta_start=0.00085, beta_end=0.012, beta_schedule="scaled_linear",
                              clip_sample=False, set_alpha_to_one=False, steps_offset=1)
    return unet, vae, text_encoder, scheduler


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    vocab_dir, out_dir = sys.argv[1:]
    if not os.path.isfile(os.path.join(vocab_dir, "vocab.json")):
        print(f"no CLIP vocabulary in {vocab_dir}: run scripts/setup.sh")
        return SKIP
    try:
        from diffusers import StableDiffusionInpaintPipeline, StableDiffusionPipeline
        from transformers import CLIPTokenizer
    except ImportError as e:
        print(f"diffusers is missing ({e}): run scripts/setup.sh")
        return SKIP
    # 77 tokens, as SD 1.x tokenizer configs say: diffusers pads and truncates prompts to it.
    tokenizer = CLIPTokenizer(os.path.join(vocab_dir, "vocab.json"), os.path.join(vocab_dir, "merges.txt"),
                              model_max_length=77)
    for name, pipeline_class, in_channels in (("txt2img", StableDiffusionPipeline, 4),
                                              ("inpaint", StableDiffusionInpaintPipeline, 9)):
        unet, vae, text_encoder, scheduler = components(in_channels, **TINY)
        pipe = pipeline_class(vae=vae, text_encoder=text_encoder, tokenizer=tokenizer, unet=unet,
                              scheduler=scheduler, safety_checker=None, feature_extractor=None,
                              requires_safety_checker=False)
        pipe.save_pretrained(os.path.join(out_dir, name), safe_serialization=True)
    # transformers saves the tokenizer as tokenizer.json alone; released SD 1.x folders carry
    # vocab.json and merges.txt as well, so the txt2img folder gets them and inpaint does not.
    for file in ("vocab.json", "merges.txt"):
        shutil.copyfile(os.path.join(vocab_dir, file), os.path.join(out_dir, "txt2img", "tokenizer", file))
    print(f"tiny pipelines written to {out_dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
