// likeness.hpp: header-only C++17 wrapper over the C API. RAII handles, exceptions instead of
// status codes. It adds no symbols of its own: link liblikeness as for C.
//
// Every failing call throws likeness::Error, which carries the lk_status and lk_last_error()'s
// text. Threading is as documented for the C handle each class wraps.
#ifndef LIKENESS_HPP
#define LIKENESS_HPP

#include "likeness.h"

#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace likeness {

class Error : public std::runtime_error {
public:
    Error(lk_status status, const std::string& message)
        : std::runtime_error(message), status_(status) {}
    lk_status status() const noexcept { return status_; }
    const char* status_name() const noexcept { return lk_status_string(status_); }

private:
    lk_status status_;
};

inline void check(lk_status status) {
    if (status != LK_OK) throw Error(status, lk_last_error());
}

inline std::string version() { return lk_version_string(); }

// Throws unless the library loaded at run time has the ABI this header was written for.
inline void check_abi() {
    if (lk_abi_version() != LK_ABI_VERSION)
        throw Error(LK_ERR_UNSUPPORTED,
                    "liblikeness has ABI " + std::to_string(lk_abi_version()) +
                        " but likeness.hpp expects " + std::to_string(LK_ABI_VERSION));
}

// An lk_context: device, threads, log sink and interrupt. Shareable between threads.
class Context {
public:
    struct Options {
        std::string device = "cpu";
        int num_threads = 0;
        lk_log_level log_level = LK_LOG_WARN;
        lk_log_fn log_callback = nullptr;
        void* log_user = nullptr;
    };

    Context() : Context(Options{}) {}
    explicit Context(const Options& options) {
        lk_context_params params;
        lk_context_params_init(&params);
        params.device = options.device.c_str();
        params.num_threads = options.num_threads;
        params.log_level = options.log_level;
        params.log_callback = options.log_callback;
        params.log_user = options.log_user;
        lk_context* raw = nullptr;
        check(lk_context_create(&params, &raw));
        handle_.reset(raw);
    }

    lk_context* get() const noexcept { return handle_.get(); }
    std::string device() const { return lk_context_device(handle_.get()); }
    void interrupt() noexcept { lk_context_interrupt(handle_.get()); }
    void resume() { check(lk_context_resume(handle_.get())); }
    bool interrupted() const noexcept { return lk_context_is_interrupted(handle_.get()) != 0; }
    std::string describe() {
        const char* json = nullptr;
        check(lk_context_describe(handle_.get(), &json));
        return json;
    }

private:
    struct Free {
        void operator()(lk_context* ctx) const noexcept { lk_context_free(ctx); }
    };
    std::unique_ptr<lk_context, Free> handle_;
};

// An SDK-owned 8-bit image (an lk_image). Movable, not copyable; read-only sharing is safe.
class Image {
public:
    // Decodes a PNG, JPEG, BMP or TGA file; channels 0 keeps the stored count.
    static Image load(const std::string& path, uint32_t channels = 0) {
        lk_image* raw = nullptr;
        check(lk_image_load(path.c_str(), channels, &raw));
        return adopt(raw);
    }
    static Image decode(const void* data, size_t size, uint32_t channels = 0) {
        lk_image* raw = nullptr;
        check(lk_image_decode(data, size, channels, &raw));
        return adopt(raw);
    }
    // Copies the caller's pixels.
    static Image copy_of(const lk_image_view& view) {
        lk_image* raw = nullptr;
        check(lk_image_create(&view, &raw));
        return adopt(raw);
    }
    // Takes ownership of an image the C API returned.
    static Image adopt(lk_image* raw) noexcept { return Image(raw); }

    lk_image_view view() const {
        lk_image_view v;
        check(lk_image_get_view(handle_.get(), &v));
        return v;
    }
    uint32_t width() const { return view().width; }
    uint32_t height() const { return view().height; }
    uint32_t channels() const { return view().channels; }
    // Writable pixels (packed rows): this object owns the image.
    uint8_t* data() noexcept { return lk_image_data(handle_.get()); }
    lk_image* get() const noexcept { return handle_.get(); }
    // Gives up ownership: the caller frees the result with lk_image_free().
    lk_image* release() noexcept { return handle_.release(); }

private:
    explicit Image(lk_image* raw) : handle_(raw) {}
    struct Free {
        void operator()(lk_image* image) const noexcept { lk_image_free(image); }
    };
    std::unique_ptr<lk_image, Free> handle_;
};

struct SaveOptions {
    lk_image_format format = LK_IMAGE_FORMAT_AUTO;
    int jpeg_quality = 90;
};

inline lk_image_save_params save_params(const SaveOptions& options) {
    lk_image_save_params params;
    lk_image_save_params_init(&params);
    params.format = options.format;
    params.jpeg_quality = options.jpeg_quality;
    return params;
}

// Writes all-or-nothing; the format comes from the extension unless options name one.
inline void save(const lk_image_view& view, const std::string& path,
                 const SaveOptions& options = {}) {
    const lk_image_save_params params = save_params(options);
    check(lk_image_save(&view, path.c_str(), &params));
}
inline void save(const Image& image, const std::string& path, const SaveOptions& options = {}) {
    save(image.view(), path, options);
}

// Encodes into memory; options.format must be PNG or JPEG.
inline std::vector<uint8_t> encode(const lk_image_view& view, const SaveOptions& options) {
    const lk_image_save_params params = save_params(options);
    void* data = nullptr;
    size_t size = 0;
    check(lk_image_encode(&view, &params, &data, &size));
    std::unique_ptr<void, void (*)(void*)> owned(data, lk_buffer_free);
    const auto* bytes = static_cast<const uint8_t*>(data);
    return std::vector<uint8_t>(bytes, bytes + size);
}

inline Image convert(const lk_image_view& view, uint32_t channels) {
    lk_image* raw = nullptr;
    check(lk_image_convert(&view, channels, &raw));
    return Image::adopt(raw);
}
inline Image convert(const Image& image, uint32_t channels) {
    return convert(image.view(), channels);
}

inline Image resize(const lk_image_view& view, uint32_t width, uint32_t height,
                    lk_resize_filter filter = LK_RESIZE_DEFAULT, bool linear_light = true) {
    lk_resize_params params;
    lk_resize_params_init(&params);
    params.filter = filter;
    params.linear_light = linear_light ? 1 : 0;
    lk_image* raw = nullptr;
    check(lk_image_resize(&view, width, height, &params, &raw));
    return Image::adopt(raw);
}
inline Image resize(const Image& image, uint32_t width, uint32_t height,
                    lk_resize_filter filter = LK_RESIZE_DEFAULT, bool linear_light = true) {
    return resize(image.view(), width, height, filter, linear_light);
}

// lk_metrics_params with its defaults, to adjust before evaluate_gan.
inline lk_metrics_params metrics_params() {
    lk_metrics_params params;
    lk_metrics_params_init(&params);
    return params;
}

// FID and/or KID of a generator file against a data source (see lk_metrics_evaluate_gan).
inline lk_metrics_result evaluate_gan(const Context& context, const std::string& model,
                                      const std::string& data_source,
                                      const std::string& inception,
                                      const lk_metrics_params& params = metrics_params()) {
    lk_metrics_result result{};
    result.struct_size = sizeof result;
    check(lk_metrics_evaluate_gan(context.get(), model.c_str(), data_source.c_str(),
                                  inception.c_str(), &params, &result));
    return result;
}

}  // namespace likeness

#endif  // LIKENESS_HPP
