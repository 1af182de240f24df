/* The C integrator's path through likeness.h: make an image, save a PNG, load it, convert it,
 * save a JPEG, load that, and get clear errors for a missing file and bad arguments.
 * Usage: c_api_test WORK_DIR. Prints one line per check and exits non-zero on any failure. */
#include <likeness/likeness.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int passed = 0, failed = 0;

static void check(int ok, const char* what) {
    printf("%s: %s\n", ok ? "ok" : "FAILED", what);
    if (ok) ++passed; else ++failed;
}

static int contains(const char* text, const char* part) { return strstr(text, part) != NULL; }

int main(int argc, char** argv) {
    const char* dir = argc > 1 ? argv[1] : ".";
    char png_path[1024], jpeg_path[1024], missing_path[1024];
    enum { W = 64, H = 40 };
    static uint8_t pixels[W * H * 3];
    lk_image_view source, view;
    lk_image *loaded = NULL, *gray = NULL, *jpeg = NULL, *untouched = (lk_image*)&passed;
    lk_image_save_params save;
    lk_status status;
    int x, y, c, same = 1;

    snprintf(png_path, sizeof png_path, "%s/c_api_test.png", dir);
    snprintf(jpeg_path, sizeof jpeg_path, "%s/c_api_test.jpg", dir);
    snprintf(missing_path, sizeof missing_path, "%s/does-not-exist.png", dir);

    check(lk_abi_version() == LK_ABI_VERSION, "library ABI matches the header");
    check(lk_version() == LK_VERSION, "library version matches the header");

    for (y = 0; y < H; ++y)
        for (x = 0; x < W; ++x)
            for (c = 0; c < 3; ++c) pixels[(y * W + x) * 3 + c] = (uint8_t)(x * 4 + y * 2 + c * 50);
    source.width = W; source.height = H; source.channels = 3; source.stride = W * 3;
    source.data = pixels;

    check(lk_image_save(&source, png_path, NULL) == LK_OK, "save PNG from borrowed pixels");
    check(lk_image_load(png_path, 0, &loaded) == LK_OK, "load the PNG");
    check(lk_image_get_view(loaded, &view) == LK_OK && view.width == W && view.height == H &&
              view.channels == 3, "loaded PNG has the saved size");
    for (y = 0; y < H && loaded; ++y)
        if (memcmp(view.data + y * view.stride, pixels + y * W * 3, W * 3) != 0) same = 0;
    check(same, "PNG round trip is exact");

    check(lk_image_convert(&view, 1, &gray) == LK_OK, "convert to gray");
    lk_image_save_params_init(&save);
    save.jpeg_quality = 85;
    check(lk_image_get_view(gray, &view) == LK_OK && lk_image_save(&view, jpeg_path, &save) == LK_OK,
          "save gray JPEG at quality 85");
    check(lk_image_load(jpeg_path, 1, &jpeg) == LK_OK && lk_image_get_view(jpeg, &view) == LK_OK &&
              view.channels == 1 && view.width == W, "load the JPEG back as gray");

    status = lk_image_load(missing_path, 0, &untouched);
    check(status == LK_ERR_IO, "missing file is LK_ERR_IO");
    check(contains(lk_last_error(), "does-not-exist.png") &&
              contains(lk_last_error(), "No such file"), "message names the file and the reason");
    printf("   lk_last_error: %s\n", lk_last_error());
    check(untouched == (lk_image*)&passed, "out-parameter untouched on failure");
    check(strcmp(lk_status_string(status), "LK_ERR_IO") == 0, "status has a name");

    check(lk_image_load(NULL, 0, &loaded) == LK_ERR_INVALID_ARGUMENT &&
              contains(lk_last_error(), "path"), "NULL path is an invalid argument");
    save.struct_size = 0;
    check(lk_image_save(&source, png_path, &save) == LK_ERR_INVALID_ARGUMENT &&
              contains(lk_last_error(), "struct_size"), "params without struct_size are refused");
    source.stride = 1;
    check(lk_image_save(&source, png_path, NULL) == LK_ERR_INVALID_ARGUMENT &&
              contains(lk_last_error(), "stride"), "a short stride is refused");

    lk_image_free(loaded);
    lk_image_free(gray);
    lk_image_free(jpeg);
    lk_image_free(NULL);
    remove(png_path);
    remove(jpeg_path);
    printf("%d passed, %d failed\n", passed, failed);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
