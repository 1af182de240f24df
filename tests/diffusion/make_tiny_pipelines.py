"""Writes tiny Stable Diffusion 1.x pipelines with random weights, made and saved by diffusers
itself, as the models the diffusion tests load:
  OUT_DIR/txt2img/   a diffusers folder: unet (4 input channels), vae, text_encoder, tokenizer,
                     scheduler; the SD 1.x block layout (cross-attention down and up blocks around
                     plain ones, a cross-attention mid block) at widths that run in milliseconds
  OUT_DIR/inpaint/   the same with a 9-channel UNet, as inpainting checkpoints have
Both tokenizer folders hold tokenizer.json; only txt2img's also holds vocab.json and merges.txt.
The tokenizer is CLIP's real vocabulary (CLIP_VOCAB_DIR, from scripts/write_clip_vocab.py), so prompts
tokenize as they do for real checkpoints. Weights come from torch.manual_seed(0), and the norms'
scales and biases are randomized too, so that a port that skips one of them fails.
Usage: make_tiny_pipelines.py CLIP_VOCAB_DIR OUT_DIR   (exit 77 without diffusers or the vocab)"""
import os
import shutil
import sys

SKIP = 77


def components(in_channels):
    import torch
    from diffusers import AutoencoderKL, DDIMScheduler, UNet2DConditionModel
    from transformers import CLIPTextConfig, CLIPTextModel

    torch.manual_seed(0)
    unet = UNet2DConditionModel(
        sample_size=8,
        in_channels=in_channels,
        out_channels=4,
        block_out_channels=(32, 64, 64),
        layers_per_block=2,
        down_block_types=("CrossAttnDownBlock2D", "CrossAttnDownBlock2D", "DownBlock2D"),
        up_block_types=("UpBlock2D", "CrossAttnUpBlock2D", "CrossAttnUpBlock2D"),
        cross_attention_dim=32,
        attention_head_dim=4,
        norm_num_groups=8,
    )
    vae = AutoencoderKL(
        in_channels=3,
        out_channels=3,
        block_out_channels=(16, 32, 32, 32),
        down_block_types=("DownEncoderBlock2D",) * 4,
        up_block_types=("UpDecoderBlock2D",) * 4,
        layers_per_block=1,
        latent_channels=4,
        norm_num_groups=8,
        sample_size=64,
    )
    text_encoder = CLIPTextModel(CLIPTextConfig(
        vocab_size=49408,
        hidden_size=32,
        intermediate_size=64,
        num_hidden_layers=2,
        num_attention_heads=4,
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
    tokenizer = CLIPTokenizer(os.path.join(vocab_dir, "vocab.json"), os.path.join(vocab_dir, "merges.txt"))
    for name, pipeline_class, in_channels in (("txt2img", StableDiffusionPipeline, 4),
                                              ("inpaint", StableDiffusionInpaintPipeline, 9)):
        unet, vae, text_encoder, scheduler = components(in_channels)
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
