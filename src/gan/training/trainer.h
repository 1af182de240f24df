// StyleGAN2 training (after NVIDIA's stylegan2-ada-pytorch training loop): the non-saturating
// logistic loss, lazy R1 on reals, optional lazy path-length regularization, style mixing, an
// exponential moving average of the generator (G_ema, the model users get), adaptive
// discriminator augmentation, and Adam with the lazy-regularization correction of learning rate
// and betas.
//
// Files in options.out_dir:
//   network-snapshot-KKKKKK.safetensors  G_ema as a generator file (Generator::load), one per
//                                        snapshot, KKKKKK the thousands of images seen
//   training-state.safetensors           G, G_ema, D, both optimizers and the counters: what
//                                        `resume` continues from
//   samples-KKKKKK.png, reals.png        G_ema's images for fixed seeds, and real images
//   log.jsonl                            one JSON object per tick: losses, augmentation p, speed
// Every file is written whole to a temporary name and renamed, so an interruption at any moment
// leaves the last good snapshot and state in place.
#pragma once

#include "gan/training/options.h"

#include <c10/core/Device.h>

#include "core/context.h"

#include <functional>
#include <string>

namespace lk::gan {

struct TrainingProgress {
    double kimg = 0, total_kimg = 0;
    double seconds = 0;        // since this run (not the resumed one) started
    double seconds_per_kimg = 0;
    double loss_g = 0, loss_d = 0, loss_r1 = 0, loss_pl = 0;  // tick means
    double augment_p = 0;
    double real_sign = 0;      // mean sign of D on reals (ADA's overfitting heuristic)
    std::string snapshot;      // the snapshot written at this tick, or empty
};

struct TrainingResult {
    std::string snapshot;  // the last snapshot written
    std::string state;     // the training state to resume from
    double kimg = 0;
    bool stopped = false;  // the callback asked to stop before options.kimg
};

// Called at every tick; returning false stops training after a final snapshot.
using TrainingCallback = std::function<bool(const TrainingProgress&)>;

// Trains on `device`, reseeding ATen's default generator (which random noise inputs use) from
// options.seed. `context` (may be null) gets the data loader's warnings, and its interrupt
// stops training within one minibatch: a snapshot and the state are written, then
// LK_ERR_CANCELLED. LK_ERR_INVALID_ARGUMENT for options out of range or data that do not fit (no
// readable images, labels missing when conditional); LK_ERR_FORMAT for a resume state that is not
// one or that was trained with other networks (naming the first differing setting); LK_ERR_IO when
// out_dir cannot be written.
TrainingResult train(TrainingOptions options, c10::Device device,
                     const TrainingCallback& callback = {}, const Context* context = nullptr);

}  // namespace lk::gan
