"""Writes the tiny pipelines of make_tiny_pipelines.py as single-file checkpoints in the CompVis/LDM
layout (model.diffusion_model.*, first_stage_model.*, cond_stage_model.transformer.text_model.*,
plus the extras real files carry: the UNet's EMA copy, the noise schedule's buffers, CLIP's
position_ids), for single_file_test.cpp to read with read_single_file.

The renaming here is written from diffusers' names to LDM's, the inverse of what the C++ reader
does; to prove the files genuine, diffusers' own converters (convert_ldm_unet_checkpoint,
convert_ldm_vae_checkpoint, convert_ldm_clip_checkpoint) must turn each back into exactly the
tensors of the folder it came from.
Usage: write_single_files.py TINY_PIPELINES_DIR OUT_DIR   (exit 77 without diffusers or the pipelines)"""
import json
import os
import re
import sys

SKIP = 77
PIPELINES = ("txt2img", "inpaint")

UNET_RESNET = {"norm1": "in_layers.0", "conv1": "in_layers.2", "time_emb_proj": "emb_layers.1",
               "norm2": "out_layers.0", "conv2": "out_layers.3", "conv_shortcut": "skip_connection"}
VAE_ATTENTION = {"group_norm": "norm", "to_q": "q", "to_k": "k", "to_v": "v", "to_out.0": "proj_out"}


def unet_rules(config):
    """(diffusers pattern, LDM name of the match) for a UNet2DConditionModel's tensors."""
    per_level = config["layers_per_block"] + 1

    def resnet(rest):
        sub, param = rest.rsplit(".", 1)
        return f"{UNET_RESNET[sub]}.{param}"

    def upsampler(m):
        up = int(m[1])
        has_attention = config["up_block_types"][up].startswith("CrossAttn")
        return f"output_blocks.{up * per_level + per_level - 1}.{2 if has_attention else 1}.conv.{m[2]}"

    fixed = {"time_embedding.linear_1": "time_embed.0", "time_embedding.linear_2": "time_embed.2",
             "conv_in": "input_blocks.0.0", "conv_norm_out": "out.0", "conv_out": "out.2"}
    return [
        (r"(time_embedding\.linear_\d|conv_in|conv_norm_out|conv_out)\.(\w+)", lambda m: f"{fixed[m[1]]}.{m[2]}"),
        (r"down_blocks\.(\d+)\.resnets\.(\d+)\.(.+)",
         lambda m: f"input_blocks.{1 + int(m[1]) * per_level + int(m[2])}.0.{resnet(m[3])}"),
        (r"down_blocks\.(\d+)\.attentions\.(\d+)\.(.+)",
         lambda m: f"input_blocks.{1 + int(m[1]) * per_level + int(m[2])}.1.{m[3]}"),
        (r"down_blocks\.(\d+)\.downsamplers\.0\.conv\.(\w+)",
         lambda m: f"input_blocks.{1 + int(m[1]) * per_level + per_level - 1}.0.op.{m[2]}"),
        (r"mid_block\.resnets\.(\d)\.(.+)", lambda m: f"middle_block.{2 * int(m[1])}.{resnet(m[2])}"),
        (r"mid_block\.attentions\.0\.(.+)", lambda m: f"middle_block.1.{m[1]}"),
        (r"up_blocks\.(\d+)\.resnets\.(\d+)\.(.+)",
         lambda m: f"output_blocks.{int(m[1]) * per_level + int(m[2])}.0.{resnet(m[3])}"),
        (r"up_blocks\.(\d+)\.attentions\.(\d+)\.(.+)",
         lambda m: f"output_blocks.{int(m[1]) * per_level + int(m[2])}.1.{m[3]}"),
        (r"up_blocks\.(\d+)\.upsamplers\.0\.conv\.(\w+)", upsampler),
    ]


def vae_rules(config):
    """(diffusers pattern, LDM name of the match) for an AutoencoderKL's tensors; the rest keep
    their names (conv_in, conv_out, quant_conv, post_quant_conv)."""
    top = len(config["block_out_channels"]) - 1  # LDM numbers the decoder's levels from the image side
    return [
        (r"(encoder|decoder)\.conv_norm_out\.(\w+)", lambda m: f"{m[1]}.norm_out.{m[2]}"),
        (r"encoder\.down_blocks\.(\d+)\.resnets\.(\d+)\.(.+)",
         lambda m: f"encoder.down.{m[1]}.block.{m[2]}.{m[3].replace('conv_shortcut', 'nin_shortcut')}"),
        (r"encoder\.down_blocks\.(\d+)\.downsamplers\.0\.conv\.(\w+)",
         lambda m: f"encoder.down.{m[1]}.downsample.conv.{m[2]}"),
        (r"decoder\.up_blocks\.(\d+)\.resnets\.(\d+)\.(.+)",
         lambda m: f"decoder.up.{top - int(m[1])}.block.{m[2]}.{m[3].replace('conv_shortcut', 'nin_shortcut')}"),
        (r"decoder\.up_blocks\.(\d+)\.upsamplers\.0\.conv\.(\w+)",
         lambda m: f"decoder.up.{top - int(m[1])}.upsample.conv.{m[2]}"),
        (r"(encoder|decoder)\.mid_block\.resnets\.(\d)\.(.+)", lambda m: f"{m[1]}.mid.block_{int(m[2]) + 1}.{m[3]}"),
        (r"(encoder|decoder)\.mid_block\.attentions\.0\.(.+)\.(\w+)",
         lambda m: f"{m[1]}.mid.attn_1.{VAE_ATTENTION[m[2]]}.{m[3]}"),
        (r"(.+)", lambda m: m[1]),
    ]


def ldm_name(name, rules):
    for pattern, rename in rules:
        if m := re.fullmatch(pattern, name):
            return rename(m)
    raise ValueError(f"no LDM name for {name}")


def single_file(folder):
    """The LDM checkpoint of a diffusers folder, and the folder's state dicts by model."""
    import torch
    from safetensors.torch import load_file

    def part(sub, weights):
        with open(os.path.join(folder, sub, "config.json")) as f:
            return json.load(f), load_file(os.path.join(folder, sub, weights))

    unet_config, unet = part("unet", "diffusion_pytorch_model.safetensors")
    vae_config, vae = part("vae", "diffusion_pytorch_model.safetensors")
    _, text_encoder = part("text_encoder", "model.safetensors")

    checkpoint = {}
    rules = unet_rules(unet_config)
    for name, tensor in unet.items():
        checkpoint["model.diffusion_model." + ldm_name(name, rules)] = tensor
    rules = vae_rules(vae_config)
    for name, tensor in vae.items():
        ldm = ldm_name(name, rules)
        if ".mid.attn_1." in ldm and tensor.dim() == 2:
            tensor = tensor[:, :, None, None]  # LDM's attention projections are 1x1 convolutions
        checkpoint["first_stage_model." + ldm] = tensor.contiguous()
    for name, tensor in text_encoder.items():
        checkpoint["cond_stage_model.transformer.text_model." + name] = tensor
    checkpoint["cond_stage_model.transformer.text_model.embeddings.position_ids"] = torch.arange(77)[None]
    # LDM's EMA keeps the UNet under its module path with the dots removed.
    for name, tensor in list(checkpoint.items()):
        if name.startswith("model.diffusion_model."):
            checkpoint["model_ema." + name[len("model."):].replace(".", "")] = tensor.clone()
    checkpoint["model_ema.decay"] = torch.tensor(0.9999)
    checkpoint["model_ema.num_updates"] = torch.tensor(1000, dtype=torch.int32)
    betas = torch.linspace(0.00085 ** 0.5, 0.012 ** 0.5, 1000, dtype=torch.float64) ** 2
    checkpoint["betas"] = betas.float()
    checkpoint["alphas_cumprod"] = torch.cumprod(1 - betas, 0).float()
    return checkpoint, {"unet": (unet_config, unet), "vae": (vae_config, vae), "text_encoder": (None, text_encoder)}


def same(name, got, want):
    import torch
    if got.keys() != want.keys():
        raise SystemExit(f"{name}: diffusers' converter gives other names: "
                         f"{sorted(got.keys() ^ want.keys())[:5]}")
    for key, tensor in want.items():
        if got[key].shape != tensor.shape or not torch.equal(got[key], tensor):
            raise SystemExit(f"{name}: diffusers' converter gives another {key}")


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    pipelines_dir, out_dir = sys.argv[1:]
    try:
        from diffusers.loaders.single_file_utils import (convert_ldm_clip_checkpoint, convert_ldm_unet_checkpoint,
                                                         convert_ldm_vae_checkpoint)
        from safetensors.torch import save_file
    except ImportError as e:
        print(f"diffusers is missing ({e}): run scripts/setup.sh")
        return SKIP
    if not all(os.path.isdir(os.path.join(pipelines_dir, p)) for p in PIPELINES):
        print(f"no tiny pipelines in {pipelines_dir}: run the diffusion.make_tiny_pipelines test")
        return SKIP
    os.makedirs(out_dir, exist_ok=True)
    for pipeline in PIPELINES:
        checkpoint, folder = single_file(os.path.join(pipelines_dir, pipeline))
        unet_config, unet = folder["unet"]
        vae_config, vae = folder["vae"]
        same(f"{pipeline} unet", convert_ldm_unet_checkpoint(checkpoint, unet_config), unet)
        same(f"{pipeline} vae", convert_ldm_vae_checkpoint(checkpoint, vae_config), vae)
        # transformers 5 saves CLIPTextModel without the "text_model." prefix (and without the
        # position_ids buffer); it loads either form.
        clip = {k[len("text_model."):]: v for k, v in convert_ldm_clip_checkpoint(checkpoint).items()
                if k != "text_model.embeddings.position_ids"}
        same(f"{pipeline} text encoder", clip, folder["text_encoder"][1])
        save_file(checkpoint, os.path.join(out_dir, f"{pipeline}.safetensors"))
    print(f"LDM single files written to {out_dir}; diffusers' converters give back the folders' tensors")
    return 0


if __name__ == "__main__":
    sys.exit(main())
