/* A C integrator training a generator through likeness.h: write a few images, train tiny
 * networks on them while following progress, load the snapshot, stop training from the
 * callback, and get clear errors for bad parameters.
 * Usage: c_train_test SCRATCH_DIR. Prints one line per check; exits non-zero on any failure. */
#define _POSIX_C_SOURCE 200809L /* mkdir */

#include "c_checks.h"

#include <likeness/likeness.h>

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>


typedef struct ticks {
    int count;
    double last_kimg;
    int stop_after;
    char snapshot[1024];
} ticks;

static int on_tick(const lk_gan_train_progress* p, void* user) {
    ticks* t = (ticks*)user;
    ++t->count;
    t->last_kimg = p->kimg;
    if (p->snapshot[0]) snprintf(t->snapshot, sizeof t->snapshot, "%s", p->snapshot);
    return t->stop_after > 0 && t->count >= t->stop_after;
}

static void tiny(lk_gan_train_params* p, const char* data, const char* out) {
    lk_gan_train_params_init(p);
    p->data = data;
    p->out_dir = out;
    p->resolution = 8;
    p->z_dim = p->w_dim = 8;
    p->mapping_layers = 1;
    p->channel_base = 64;
    p->channel_max = 16;
    p->batch = 4;
    p->kimg = 0.008;
    p->tick_kimg = 0.004;
    p->snapshot_ticks = 1;
}

int main(int argc, char** argv) {
    char images[1024], out[1024], path[1100];
    unsigned char pixels[8 * 8 * 3];
    lk_context* ctx = NULL;
    lk_gan_train_params p;
    ticks t;
    int i;
    if (argc != 2) return 2;
    snprintf(images, sizeof images, "%s/c_train_images", argv[1]);
    snprintf(out, sizeof out, "%s/c_train_run", argv[1]);
    mkdir(images, 0755);
    for (i = 0; i < 8; ++i) {
        lk_image_view view;
        memset(pixels, 40 * i, sizeof pixels);
        view.width = 8;
        view.height = 8;
        view.channels = 3;
        view.stride = 24;
        view.data = pixels;
        snprintf(path, sizeof path, "%s/%d.png", images, i);
        check(lk_image_save(&view, path, NULL) == LK_OK, "write a training image");
    }
    check(lk_context_create(NULL, &ctx) == LK_OK, "create a CPU context");

    memset(&t, 0, sizeof t);
    tiny(&p, images, out);
    p.progress = on_tick;
    p.progress_user = &t;
    check(lk_gan_train(ctx, &p) == LK_OK, "train tiny networks for 8 images");
    check(t.count == 2 && t.last_kimg == 0.008, "one progress call per tick, the last at 0.008 kimg");
    {
        lk_gan* gan = NULL;
        lk_gan_info info;
        memset(&info, 0, sizeof info);
        info.struct_size = sizeof info;
        check(t.snapshot[0] && lk_gan_load(ctx, t.snapshot, &gan) == LK_OK,
              "the last snapshot loads as a generator");
        check(gan && lk_gan_get_info(gan, &info) == LK_OK && info.resolution == 8 &&
                  info.z_dim == 8,
              "and has the trained shape");
        lk_gan_free(gan);
    }

    memset(&t, 0, sizeof t);
    t.stop_after = 1;
    tiny(&p, images, out);
    p.progress = on_tick;
    p.progress_user = &t;
    p.kimg = 1;
    check(lk_gan_train(ctx, &p) == LK_ERR_CANCELLED && strstr(lk_last_error(), "stopped") &&
              t.count == 1,
          "a callback returning non-zero stops training with LK_ERR_CANCELLED");

    tiny(&p, images, out);
    p.resolution = 12;
    check(lk_gan_train(ctx, &p) == LK_ERR_INVALID_ARGUMENT && strstr(lk_last_error(), "power of two"),
          "a resolution that is not a power of two is refused with a sentence");
    tiny(&p, images, out);
    p.data = NULL;
    check(lk_gan_train(ctx, &p) == LK_ERR_INVALID_ARGUMENT && strstr(lk_last_error(), "params.data"),
          "missing data is named");
    tiny(&p, images, out);
    p.augment = (lk_augment_mode)7;
    check(lk_gan_train(ctx, &p) == LK_ERR_INVALID_ARGUMENT && strstr(lk_last_error(), "augment"),
          "an unknown augmentation mode is named");
    check(lk_gan_train(ctx, NULL) == LK_ERR_INVALID_ARGUMENT, "NULL params are refused");

    lk_context_free(ctx);
    return summary();
}
