/* Built against an installed Likeness: version and a small image round trip in memory. */
#include <likeness/likeness.h>

#include <stdio.h>

int main(void) {
    static const uint8_t pixels[4 * 2 * 3] = {0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110,
                                              120, 130, 140, 150, 160, 170, 180, 190, 200,
                                              210, 220, 230};
    lk_image_view view = {4, 2, 3, 12, pixels};
    lk_image_save_params params;
    lk_image* decoded = NULL;
    void* png = NULL;
    size_t size = 0;
    lk_image_save_params_init(&params);
    params.format = LK_IMAGE_FORMAT_PNG;
    if (lk_image_encode(&view, &params, &png, &size) != LK_OK ||
        lk_image_decode(png, size, 0, &decoded) != LK_OK) {
        fprintf(stderr, "consumer: %s\n", lk_last_error());
        return 1;
    }
    printf("consumer: likeness %s, %zu-byte PNG\n", lk_version_string(), size);
    lk_buffer_free(png);
    lk_image_free(decoded);
    return 0;
}
