/* thumbnail IN OUT SIZE: a gray square thumbnail of an image, with C-only error handling.
 * Shows: loading, channel conversion, resizing and an all-or-nothing save through likeness.h. */
#include <likeness/likeness.h>

#include <stdio.h>
#include <stdlib.h>

static int report(const char* step) {
    fprintf(stderr, "thumbnail: %s failed: %s\n", step, lk_last_error());
    return 1;
}

int main(int argc, char** argv) {
    lk_image *image = NULL, *gray = NULL, *small = NULL;
    lk_image_view view;
    int size, status = 0;
    if (argc != 4 || (size = atoi(argv[3])) <= 0) {
        fprintf(stderr, "usage: thumbnail IN OUT SIZE\n");
        return 2;
    }
    if (lk_image_load(argv[1], 0, &image) != LK_OK) return report("load");
    lk_image_get_view(image, &view);
    printf("%s: %ux%u, %u channel(s)\n", argv[1], view.width, view.height, view.channels);

    if (lk_image_convert(&view, 1, &gray) != LK_OK) status = report("convert");
    if (!status) lk_image_get_view(gray, &view);
    if (!status && lk_image_resize(&view, (uint32_t)size, (uint32_t)size, NULL, &small) != LK_OK)
        status = report("resize");
    if (!status) lk_image_get_view(small, &view);
    if (!status && lk_image_save(&view, argv[2], NULL) != LK_OK) status = report("save");
    if (!status) printf("%s: %ux%u gray\n", argv[2], view.width, view.height);

    lk_image_free(small);
    lk_image_free(gray);
    lk_image_free(image);
    return status;
}
