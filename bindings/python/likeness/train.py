"""Training a StyleGAN2 generator on your own images (see likeness/train.h for the details)."""

import os

from . import _likeness


def train_gan(data, out_dir, resolution, *, device="cpu", threads=0, progress=None, **options):
    """Trains a StyleGAN2 generator and returns the path of its last snapshot.

    data: a folder of images, "fashion-mnist", "fashion-mnist:train", "fashion-mnist:test", or an
    idx images file. out_dir receives network-snapshot-KKKKKK.safetensors files (load them with
    ``likeness.Gan.load``), training-state.safetensors (pass it as ``resume=`` to continue),
    sample grids and log.jsonl.

    options, each optional (defaults follow NVIDIA's stylegan2-ada "auto" configuration):
    channels, conditional, mirror, z_dim, w_dim, mapping_layers, channel_base, channel_max,
    mbstd_group, batch, lr, gamma, pl_weight, style_mixing, ema_kimg, ema_rampup,
    augment ("ada", "fixed", "none"), augment_p, ada_target, kimg, tick_kimg, snapshot_ticks,
    seed, resume.

    progress(tick) is called once per tick with a dict (kimg, total_kimg, seconds,
    seconds_per_kimg, loss_g, loss_d, r1_penalty, pl_penalty, augment_p, real_sign, snapshot);
    returning False stops training after a final snapshot (CancelledError), as does Ctrl-C.
    """
    snapshots = []

    def report(tick):
        if tick["snapshot"]:
            snapshots.append(tick["snapshot"])
        return True if progress is None else progress(tick)

    if "resume" in options and options["resume"] is not None:
        options["resume"] = os.fspath(options["resume"])
    options = {key: value for key, value in options.items() if value is not None}
    _likeness.train_gan(os.fspath(data), os.fspath(out_dir), int(resolution), options, device,
                        int(threads), report)
    return snapshots[-1]
