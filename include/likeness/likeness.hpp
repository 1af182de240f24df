// likeness.hpp: header-only C++17 wrapper over the C API. RAII handles, exceptions instead of
// status codes. It adds no symbols of its own: link liblikeness as for C.
//
// Every failing call throws likeness::Error, which carries the lk_status and lk_last_error()'s
// text. Threading is as documented for the C handle each class wraps.
#ifndef LIKENESS_HPP
#define LIKENESS_HPP

#include "likeness.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <exception>
#include <functional>
#include <memory>
#include <optional>
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

// lk_provenance as C++ values: what a saved or marked image says about its origin (see
// provenance.h for each field).
struct Provenance {
    lk_source_type source_type = LK_SOURCE_TRAINED_ALGORITHMIC;
    std::string software;  // empty: "Likeness <version>"
    std::string model_name, model_hash;
    std::optional<uint64_t> seed;  // opt-in
    std::string prompt;            // opt-in
    bool watermark = true;
    uint32_t payload = 0;
    uint64_t key = LK_WATERMARK_DEFAULT_KEY;
};

// The C struct over `provenance`'s strings, which must outlive it.
inline lk_provenance provenance_params(const Provenance& provenance) {
    lk_provenance p;
    lk_provenance_init(&p);
    const auto text = [](const std::string& s) { return s.empty() ? nullptr : s.c_str(); };
    p.source_type = provenance.source_type;
    p.software = text(provenance.software);
    p.model_name = text(provenance.model_name);
    p.model_hash = text(provenance.model_hash);
    p.record_seed = provenance.seed.has_value();
    p.seed = provenance.seed.value_or(0);
    p.prompt = text(provenance.prompt);
    p.watermark = provenance.watermark;
    p.payload = provenance.payload;
    p.key = provenance.key;
    return p;
}

struct SaveOptions {
    lk_image_format format = LK_IMAGE_FORMAT_AUTO;
    int jpeg_quality = 90;
    std::optional<Provenance> provenance;  // set: the file says it is synthetic (and is watermarked)
};

// lk_image_save_params for `options`, which must outlive it. Not copyable: it points into itself.
class SaveParams {
public:
    explicit SaveParams(const SaveOptions& options) {
        lk_image_save_params_init(&params_);
        params_.format = options.format;
        params_.jpeg_quality = options.jpeg_quality;
        if (options.provenance) {
            provenance_ = provenance_params(*options.provenance);
            params_.provenance = &provenance_;
        }
    }
    SaveParams(const SaveParams&) = delete;
    SaveParams& operator=(const SaveParams&) = delete;
    const lk_image_save_params* get() const noexcept { return &params_; }

private:
    lk_image_save_params params_;
    lk_provenance provenance_;
};

// Writes all-or-nothing; the format comes from the extension unless options name one.
inline void save(const lk_image_view& view, const std::string& path,
                 const SaveOptions& options = {}) {
    const SaveParams params(options);
    check(lk_image_save(&view, path.c_str(), params.get()));
}
inline void save(const Image& image, const std::string& path, const SaveOptions& options = {}) {
    save(image.view(), path, options);
}

// Encodes into memory; options.format must be PNG or JPEG.
inline std::vector<uint8_t> encode(const lk_image_view& view, const SaveOptions& options) {
    const SaveParams params(options);
    void* data = nullptr;
    size_t size = 0;
    check(lk_image_encode(&view, params.get(), &data, &size));
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

namespace detail {
// What a generator's lk_*_provenance says about its model, as C++ values over the defaults.
inline Provenance model_provenance(const lk_provenance& p) {
    Provenance result;
    result.model_name = p.model_name;
    result.model_hash = p.model_hash;
    result.payload = p.payload;
    return result;
}
}  // namespace detail

// Which forms generation returns: 8-bit images, raw float NCHW output, or both.
enum class GanOutput { Images = 1, Pixels = 2, Both = 3 };

struct GanGenerated {
    std::vector<Image> images;  // one per sample, when asked for
    std::vector<float> pixels;  // samples * channels * resolution^2, NCHW, when asked for
};

// Called after each step of a long call (a batch, a photo); returning false cancels the call,
// which then throws LK_ERR_CANCELLED. An exception thrown here also cancels, and the call
// rethrows it.
using Progress = std::function<bool(const lk_progress&)>;
using GanProgress = Progress;

namespace detail {
// Carries a Progress callback through the C one, and what it threw back out.
struct ProgressRelay {
    const Progress* progress;
    std::exception_ptr thrown;
    static int call(const lk_progress* state, void* user) noexcept {
        auto* relay = static_cast<ProgressRelay*>(user);
        try {
            return (*relay->progress)(*state) ? 0 : 1;
        } catch (...) {
            relay->thrown = std::current_exception();
            return 1;
        }
    }
};
}  // namespace detail

// lk_gan_generate_params as C++ values; see gan.h for each field. (At namespace scope:
// GCC does not take `= {}` defaults of a nested struct with member initializers.)
struct GanOptions {
    float truncation_psi = 1;
    int truncation_cutoff = -1;
    lk_gan_noise noise = LK_GAN_NOISE_CONST;
    int class_index = -1;
    std::vector<float> labels;        // empty, or one label of c_dim floats per sample
    uint32_t batch_size = 0;
    GanProgress progress;
    std::vector<uint32_t> mix_seeds;  // empty, or one per seed, with mix_crossover
    int mix_crossover = -1;
    bool watermark = true;            // 8-bit images of 192x192 or more carry the watermark
};

// A StyleGAN2 generator (an lk_gan), on the device of the context it was loaded with; that
// context must outlive it. Used by one thread at a time.
class Gan {
public:
    using Output = GanOutput;
    using Generated = GanGenerated;
    using Progress = GanProgress;
    using Options = GanOptions;

    static Gan load(const Context& context, const std::string& path) {
        lk_gan* raw = nullptr;
        check(lk_gan_load(context.get(), path.c_str(), &raw));
        return Gan(raw);
    }

    const lk_gan_info& info() const noexcept { return info_; }
    // How to mark what it makes: the model's name and hash, a payload naming it (see
    // lk_gan_provenance). Set .seed to state a seed as well.
    Provenance provenance() {
        lk_provenance p;
        check(lk_gan_provenance(handle_.get(), &p));
        return detail::model_provenance(p);
    }
    lk_gan* get() const noexcept { return handle_.get(); }

    Generated generate(const std::vector<uint32_t>& seeds, const Options& options = {},
                       Output output = Output::Images) {
        if (!options.mix_seeds.empty() && options.mix_seeds.size() != seeds.size())
            throw Error(LK_ERR_INVALID_ARGUMENT,
                        std::to_string(options.mix_seeds.size()) + " mix seeds for " +
                            std::to_string(seeds.size()) + " seeds; give one per seed");
        return run(seeds.size(), seeds.size() * info_.c_dim, options, output,
                   [&](const lk_gan_generate_params& p, lk_image** images, float* pixels) {
                       return lk_gan_generate_seeds(get(), seeds.data(), seeds.size(), &p,
                                                    images, pixels);
                   });
    }
    // z: count * z_dim floats.
    Generated generate_z(const float* z, size_t count, const Options& options = {},
                         Output output = Output::Images) {
        return run(count, count * info_.c_dim, options, output,
                   [&](const lk_gan_generate_params& p, lk_image** images, float* pixels) {
                       return lk_gan_generate_z(get(), z, count, &p, images, pixels);
                   });
    }
    // w: count * num_ws * w_dim floats; truncation and labels do not apply.
    Generated generate_w(const float* w, size_t count, const Options& options = {},
                         Output output = Output::Images) {
        return run(count, 0, options, output,
                   [&](const lk_gan_generate_params& p, lk_image** images, float* pixels) {
                       return lk_gan_generate_w(get(), w, count, &p, images, pixels);
                   });
    }
    // z: count * z_dim floats; returns count * num_ws * w_dim floats of w.
    std::vector<float> map(const float* z, size_t count, const Options& options = {}) {
        ProgressRelay relay{&options.progress, nullptr};
        const lk_gan_generate_params p = params(options, count * info_.c_dim, relay);
        std::vector<float> w(count * info_.num_ws * info_.w_dim);
        const lk_status status = lk_gan_map(get(), z, count, &p, w.data());
        if (relay.thrown) std::rethrow_exception(relay.thrown);
        check(status);
        return w;
    }
    // `steps` images from seed a to seed b inclusive; labels, if any, hold one label.
    Generated interpolate(uint32_t a, uint32_t b, size_t steps, lk_gan_interpolation mode,
                          const Options& options = {}, Output output = Output::Images) {
        return run(steps, info_.c_dim, options, output,
                   [&](const lk_gan_generate_params& p, lk_image** images, float* pixels) {
                       return lk_gan_interpolate(get(), a, b, steps, mode, &p, images, pixels);
                   });
    }

    // "0-999", "1,5,9-12": see lk_gan_parse_seeds.
    static std::vector<uint32_t> parse_seeds(const std::string& text) {
        uint32_t* seeds = nullptr;
        size_t count = 0;
        check(lk_gan_parse_seeds(text.c_str(), &seeds, &count));
        std::unique_ptr<void, void (*)(void*)> owned(seeds, lk_buffer_free);
        return std::vector<uint32_t>(seeds, seeds + count);
    }

private:
    explicit Gan(lk_gan* raw) : handle_(raw) {
        info_.struct_size = sizeof info_;
        check(lk_gan_get_info(raw, &info_));
    }

    using ProgressRelay = detail::ProgressRelay;

    // The C parameters for `o`, with its progress callback relayed through `relay`. Checks the
    // caller's label count, which the C API cannot (it gets a bare pointer): `labels` is how
    // many floats the call reads when labels are given, 0 where it reads none.
    lk_gan_generate_params params(const Options& o, size_t labels, ProgressRelay& relay) const {
        if (labels && !o.labels.empty() && o.labels.size() != labels)
            throw Error(LK_ERR_INVALID_ARGUMENT,
                        std::to_string(o.labels.size()) + " label values given; expected " +
                            std::to_string(labels) + " (c_dim " + std::to_string(info_.c_dim) +
                            " per label)");
        lk_gan_generate_params p;
        lk_gan_generate_params_init(&p);
        p.truncation_psi = o.truncation_psi;
        p.truncation_cutoff = o.truncation_cutoff;
        p.noise_mode = o.noise;
        p.class_index = o.class_index;
        p.labels = o.labels.empty() ? nullptr : o.labels.data();
        p.batch_size = o.batch_size;
        if (o.progress) {
            p.progress = &ProgressRelay::call;
            p.progress_user = &relay;
        }
        p.mix_seeds = o.mix_seeds.empty() ? nullptr : o.mix_seeds.data();
        p.mix_crossover = o.mix_crossover;
        p.watermark = o.watermark;
        return p;
    }

    // Runs `call` with the parameters and the outputs asked for; takes ownership of what it made.
    template <typename Call>
    Generated run(size_t count, size_t labels, const Options& o, Output output, Call&& call) {
        ProgressRelay relay{&o.progress, nullptr};
        const lk_gan_generate_params p = params(o, labels, relay);
        const bool images = output != Output::Pixels, pixels = output != Output::Images;
        std::vector<lk_image*> raw(images ? count : 0);
        Generated result;
        if (pixels)
            result.pixels.resize(count * info_.channels * info_.resolution * info_.resolution);
        const lk_status status = call(p, images ? raw.data() : nullptr,
                                      pixels ? result.pixels.data() : nullptr);
        if (relay.thrown) std::rethrow_exception(relay.thrown);
        check(status);
        result.images.reserve(raw.size());
        for (lk_image* image : raw) result.images.push_back(Image::adopt(image));
        return result;
    }

    struct Free {
        void operator()(lk_gan* gan) const noexcept { lk_gan_free(gan); }
    };
    std::unique_ptr<lk_gan, Free> handle_;
    lk_gan_info info_{};
};

namespace detail {

// Runs a C training call whose params carry a progress callback and its user pointer, with a C++
// callback in their place: false stops training, an exception it throws stops training and is
// rethrown here.
template <typename Params, typename Progress>
void train_with(lk_status (*call)(lk_context*, const Params*), Context& ctx, Params params,
                std::function<bool(const Progress&)>& progress) {
    struct Call {
        std::function<bool(const Progress&)>& progress;
        std::exception_ptr error;
    } state{progress, nullptr};
    if (progress) {
        params.progress = [](const Progress* p, void* user) {
            Call& call = *static_cast<Call*>(user);
            try {
                return call.progress(*p) ? 0 : 1;
            } catch (...) {
                call.error = std::current_exception();
                return 1;
            }
        };
        params.progress_user = &state;
    }
    const lk_status status = call(ctx.get(), &params);
    if (state.error) std::rethrow_exception(state.error);
    check(status);
}

}  // namespace detail

// Trains a StyleGAN2 generator (see likeness/train.h). `params` from lk_gan_train_params_init();
// `progress` is called once per tick and returns false to stop (Error with LK_ERR_CANCELLED); an
// exception it throws stops training and is rethrown here.
inline void train_gan(Context& ctx, lk_gan_train_params params,
                      std::function<bool(const lk_gan_train_progress&)> progress = {}) {
    detail::train_with(lk_gan_train, ctx, params, progress);
}

// Trains a small text-to-image model (see lk_diffusion_train in likeness/train.h), the same way:
// `params` from lk_diffusion_train_params_init(); `progress` every log_every steps.
inline void train_diffusion(Context& ctx, lk_diffusion_train_params params,
                            std::function<bool(const lk_diffusion_train_progress&)> progress = {}) {
    detail::train_with(lk_diffusion_train, ctx, params, progress);
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

// ---- Provenance (provenance.h) ------------------------------------------------------------

// A watermarked copy of the pixels; *psnr (if given) receives its PSNR against them.
inline Image watermark(const lk_image_view& view, uint32_t payload,
                       uint64_t key = LK_WATERMARK_DEFAULT_KEY, double* psnr = nullptr) {
    lk_image* raw = nullptr;
    check(lk_watermark_embed(&view, payload, key, &raw, psnr));
    return Image::adopt(raw);
}

inline lk_watermark_result detect_watermark(const lk_image_view& view,
                                            uint64_t key = LK_WATERMARK_DEFAULT_KEY) {
    lk_watermark_result result;
    check(lk_watermark_detect(&view, key, &result));
    return result;
}

// lk_provenance_report as C++ values.
struct ProvenanceReport {
    uint32_t width = 0, height = 0;
    bool has_metadata = false;
    std::string metadata_error;
    lk_source_type source_type = LK_SOURCE_UNSTATED;
    std::string digital_source_type, software, model_name, model_hash, prompt;
    std::optional<uint64_t> seed;
    std::optional<uint32_t> stated_payload;
    lk_watermark_result watermark{};
};

namespace detail {
inline ProvenanceReport adopt_report(lk_provenance_report* raw) {
    const std::unique_ptr<lk_provenance_report, void (*)(lk_provenance_report*)> owned(
        raw, lk_provenance_report_free);
    ProvenanceReport report;
    report.width = raw->width;
    report.height = raw->height;
    report.has_metadata = raw->has_metadata != 0;
    report.metadata_error = raw->metadata_error;
    report.source_type = raw->source_type;
    report.digital_source_type = raw->digital_source_type;
    report.software = raw->software;
    report.model_name = raw->model_name;
    report.model_hash = raw->model_hash;
    report.prompt = raw->prompt;
    if (raw->has_seed) report.seed = raw->seed;
    if (raw->has_stated_payload) report.stated_payload = raw->stated_payload;
    report.watermark = raw->watermark;
    return report;
}
}  // namespace detail

inline ProvenanceReport inspect(const std::string& path, uint64_t key = LK_WATERMARK_DEFAULT_KEY) {
    lk_provenance_report* raw = nullptr;
    check(lk_provenance_inspect_file(path.c_str(), key, &raw));
    return detail::adopt_report(raw);
}
inline ProvenanceReport inspect(const void* data, size_t size,
                                uint64_t key = LK_WATERMARK_DEFAULT_KEY) {
    lk_provenance_report* raw = nullptr;
    check(lk_provenance_inspect_memory(data, size, key, &raw));
    return detail::adopt_report(raw);
}

// Marks an existing PNG or JPEG file (see lk_provenance_mark_file); options.provenance is not read.
inline void mark_file(const std::string& in_path, const std::string& out_path,
                      const Provenance& provenance = {}, const SaveOptions& options = {}) {
    const lk_provenance p = provenance_params(provenance);
    const SaveParams params(SaveOptions{options.format, options.jpeg_quality, std::nullopt});
    check(lk_provenance_mark_file(in_path.c_str(), out_path.c_str(), &p, params.get()));
}

// ---- Faces (face.h) -----------------------------------------------------------------------

namespace detail {
// Copies a string the C API returned as char*, and frees it.
inline std::string adopt_string(char* raw) {
    const std::unique_ptr<char, void (*)(char*)> owned(raw, lk_string_free);
    return raw ? std::string(raw) : std::string();
}
}  // namespace detail

// lk_face_analyzer_params as C++ values; see face.h for each field.
struct FaceOptions {
    lk_face_detector detector = LK_FACE_DETECTOR_SSD;
    bool tiny_landmarks = false;
    bool descriptors = true;
    bool quality = true;
    float min_confidence = 0.5f;
    uint32_t max_faces = 100;
    uint32_t tiny_input_size = 416;
    std::string scoring_config;  // empty: the built-in mappings
    bool bfloat16 = false;       // the nets in bfloat16: faster, results move slightly (face.h)
};

using FaceDescriptor = std::array<float, LK_FACE_DESCRIPTOR_SIZE>;

struct QualityMeasure {
    std::string id;
    double raw = 0;        // in the measure's unit
    double component = 0;  // 0..100, higher is better
};

// lk_face as C++ values.
struct Face {
    float score = 0;
    lk_face_box box{};
    std::array<lk_face_point, LK_FACE_LANDMARKS> landmarks{};
    std::optional<FaceDescriptor> descriptor;  // when the analyzer computes descriptors
    lk_face_box descriptor_box{};
    std::optional<double> quality;             // unified 0..100, when the measures ran
    std::vector<QualityMeasure> measures;
};

struct FaceReport {
    uint32_t width = 0, height = 0;
    std::vector<Face> faces;  // best detection first
};

namespace detail {
inline Face face_of(const lk_face& f) {
    Face face;
    face.score = f.score;
    face.box = f.box;
    std::copy(f.landmarks, f.landmarks + LK_FACE_LANDMARKS, face.landmarks.begin());
    if (f.has_descriptor) {
        face.descriptor.emplace();
        std::copy(f.descriptor, f.descriptor + LK_FACE_DESCRIPTOR_SIZE, face.descriptor->begin());
    }
    face.descriptor_box = f.descriptor_box;
    if (f.quality >= 0) face.quality = f.quality;
    for (uint32_t i = 0; i < f.measure_count; ++i)
        face.measures.push_back({f.measures[i].id, f.measures[i].raw, f.measures[i].component});
    return face;
}

inline FaceReport adopt_face_report(lk_face_report* raw) {
    const std::unique_ptr<lk_face_report, void (*)(lk_face_report*)> owned(raw, lk_face_report_free);
    FaceReport report;
    report.width = raw->width;
    report.height = raw->height;
    for (uint32_t i = 0; i < raw->face_count; ++i) report.faces.push_back(face_of(raw->faces[i]));
    return report;
}

// The C faces of a report, as far as annotation reads them (no measures).
inline std::vector<lk_face> c_faces(const FaceReport& report) {
    std::vector<lk_face> faces(report.faces.size());
    for (size_t i = 0; i < faces.size(); ++i) {
        const Face& f = report.faces[i];
        lk_face& c = faces[i];
        c = lk_face{};
        c.score = f.score;
        c.box = f.box;
        std::copy(f.landmarks.begin(), f.landmarks.end(), c.landmarks);
        c.has_descriptor = f.descriptor.has_value();
        if (f.descriptor) std::copy(f.descriptor->begin(), f.descriptor->end(), c.descriptor);
        c.descriptor_box = f.descriptor_box;
        c.quality = f.quality.value_or(-1);
    }
    return faces;
}
}  // namespace detail

// Finds and describes faces (an lk_face_analyzer). The context must outlive it. May be used from
// several threads at once.
class FaceAnalyzer {
public:
    using Options = FaceOptions;

    // `model_dir` empty: the folder LIKENESS_FACE_MODELS names.
    static FaceAnalyzer open(const Context& context, const std::string& model_dir = {},
                             const Options& options = {}) {
        lk_face_analyzer_params p;
        lk_face_analyzer_params_init(&p);
        p.detector = options.detector;
        p.tiny_landmarks = options.tiny_landmarks;
        p.descriptors = options.descriptors;
        p.quality = options.quality;
        p.min_confidence = options.min_confidence;
        p.max_faces = options.max_faces;
        p.tiny_input_size = options.tiny_input_size;
        p.scoring_config = options.scoring_config.empty() ? nullptr : options.scoring_config.c_str();
        p.bfloat16 = options.bfloat16;
        lk_face_analyzer* raw = nullptr;
        check(lk_face_analyzer_open(context.get(), model_dir.empty() ? nullptr : model_dir.c_str(),
                                    &p, &raw));
        return FaceAnalyzer(raw);
    }

    FaceReport analyze(const lk_image_view& view) const {
        lk_face_report* raw = nullptr;
        check(lk_face_analyze(handle_.get(), &view, &raw));
        return detail::adopt_face_report(raw);
    }
    FaceReport analyze(const Image& image) const { return analyze(image.view()); }

    // The selfie-set check (see lk_face_check_selfies) of photo files, or of the files in the
    // one folder given: the JSON report and the readable summary. `progress` follows each photo.
    struct SelfieCheck {
        std::string json, text;
    };
    SelfieCheck check_selfies(const std::vector<std::string>& paths, const Progress& progress = {}) const {
        std::vector<const char*> c_paths;
        for (const std::string& path : paths) c_paths.push_back(path.c_str());
        detail::ProgressRelay relay{&progress, nullptr};
        char *json = nullptr, *text = nullptr;
        const lk_status status = lk_face_check_selfies(
            handle_.get(), c_paths.data(), c_paths.size(), progress ? &detail::ProgressRelay::call : nullptr,
            &relay, &json, &text);
        if (relay.thrown) std::rethrow_exception(relay.thrown);
        check(status);
        return {detail::adopt_string(json), detail::adopt_string(text)};
    }

    // How a generated face fares, as JSON: {"keep": bool, "score": n, "reasons": [...], ...}.
    std::string assess_generated(const lk_image_view& view) const {
        char* json = nullptr;
        check(lk_face_assess_generated(handle_.get(), &view, &json));
        return detail::adopt_string(json);
    }
    std::string assess_generated(const Image& image) const { return assess_generated(image.view()); }

    lk_face_analyzer* get() const noexcept { return handle_.get(); }

private:
    explicit FaceAnalyzer(lk_face_analyzer* raw) : handle_(raw) {}
    struct Free {
        void operator()(lk_face_analyzer* analyzer) const noexcept { lk_face_analyzer_free(analyzer); }
    };
    std::unique_ptr<lk_face_analyzer, Free> handle_;
};

// Euclidean distance; below LK_FACE_SAME_PERSON_DISTANCE the two are taken to be one person.
inline float face_distance(const FaceDescriptor& a, const FaceDescriptor& b) {
    return lk_face_distance(a.data(), b.data());
}

// A copy of the pixels with the report's boxes, landmarks and scores drawn on (RGB, or RGBA
// where the pixels have alpha).
inline Image annotate(const lk_image_view& view, const FaceReport& report) {
    const std::vector<lk_face> faces = detail::c_faces(report);
    lk_face_report c{sizeof(lk_face_report), report.width, report.height, uint32_t(faces.size()),
                     faces.data()};
    lk_image* raw = nullptr;
    check(lk_face_annotate(&view, &c, &raw));
    return Image::adopt(raw);
}
inline Image annotate(const Image& image, const FaceReport& report) {
    return annotate(image.view(), report);
}

// ---- Diffusion (diffusion.h) --------------------------------------------------------------

// How lk_diffusion_load reads a model; see lk_diffusion_load_params.
struct DiffusionLoadOptions {
    std::string tokenizer_dir;  // empty: the model's own (or the set-up's CLIP vocabulary)
    lk_diffusion_dtype dtype = LK_DIFFUSION_FLOAT32;
};

// lk_diffusion_request as C++ values; see diffusion.h for each field. The images are borrowed
// for the call.
struct DiffusionRequest {
    std::string prompt;           // empty: unconditional
    std::string negative_prompt;
    uint32_t width = 0, height = 0;  // 0: init_image's size, else the model's own
    uint32_t steps = 25;
    double guidance = 7.5;
    lk_diffusion_sampler sampler = LK_DIFFUSION_SAMPLER_DPMPP_2M;
    bool karras = false;
    double eta = 0;
    uint64_t seed = 0;
    uint32_t batch = 1;
    uint32_t clip_skip = 1;
    std::optional<lk_image_view> init_image;  // image-to-image and inpainting
    double strength = 0.8;
    std::optional<lk_image_view> mask;        // inpainting: white where repainted
    Progress progress;                        // after each denoising step
    bool watermark = true;                    // images of 192x192 or more carry the watermark
};

// A Stable Diffusion 1.x model (an lk_diffusion), on the device of the context it was loaded
// with; that context must outlive it. Used by one thread at a time.
class Diffusion {
public:
    using Options = DiffusionLoadOptions;
    using Request = DiffusionRequest;

    static Diffusion load(const Context& context, const std::string& path,
                          const Options& options = {}) {
        lk_diffusion_load_params p;
        lk_diffusion_load_params_init(&p);
        p.tokenizer_dir = options.tokenizer_dir.empty() ? nullptr : options.tokenizer_dir.c_str();
        p.dtype = options.dtype;
        lk_diffusion* raw = nullptr;
        check(lk_diffusion_load(context.get(), path.c_str(), &p, &raw));
        return Diffusion(raw);
    }

    const lk_diffusion_info& info() const noexcept { return info_; }
    // How to mark what it makes: the model's name and hash, a payload naming it (see
    // lk_diffusion_provenance). Set .seed and .prompt to state them as well.
    Provenance provenance() {
        lk_provenance p;
        check(lk_diffusion_provenance(handle_.get(), &p));
        return detail::model_provenance(p);
    }
    lk_diffusion* get() const noexcept { return handle_.get(); }

    // request.batch images (RGB, 8-bit).
    std::vector<Image> generate(const Request& request) {
        detail::ProgressRelay relay{&request.progress, nullptr};
        lk_diffusion_request r;
        lk_diffusion_request_init(&r);
        r.prompt = request.prompt.c_str();
        r.negative_prompt = request.negative_prompt.c_str();
        r.width = request.width;
        r.height = request.height;
        r.steps = request.steps;
        r.guidance = request.guidance;
        r.sampler = request.sampler;
        r.karras = request.karras;
        r.eta = request.eta;
        r.seed = request.seed;
        r.batch = request.batch;
        r.clip_skip = request.clip_skip;
        r.init_image = request.init_image ? &*request.init_image : nullptr;
        r.strength = request.strength;
        r.mask = request.mask ? &*request.mask : nullptr;
        if (request.progress) {
            r.progress = &detail::ProgressRelay::call;
            r.progress_user = &relay;
        }
        r.watermark = request.watermark;
        std::vector<lk_image*> raw(request.batch);
        const lk_status status = lk_diffusion_generate(get(), &r, raw.data(), raw.size());
        if (relay.thrown) std::rethrow_exception(relay.thrown);
        check(status);
        std::vector<Image> images;
        images.reserve(raw.size());
        for (lk_image* image : raw) images.push_back(Image::adopt(image));
        return images;
    }

    // "dpmpp_2m" and so on; see lk_diffusion_sampler_name.
    static std::string sampler_name(lk_diffusion_sampler sampler) {
        const char* name = lk_diffusion_sampler_name(sampler);
        if (!name)
            throw Error(LK_ERR_INVALID_ARGUMENT,
                        "lk_diffusion_sampler " + std::to_string(int(sampler)) + " has no name");
        return name;
    }
    static lk_diffusion_sampler sampler_named(const std::string& name) {
        lk_diffusion_sampler sampler;
        check(lk_diffusion_sampler_from_name(name.c_str(), &sampler));
        return sampler;
    }

private:
    explicit Diffusion(lk_diffusion* raw) : handle_(raw) {
        info_.struct_size = sizeof info_;
        check(lk_diffusion_get_info(raw, &info_));
    }

    struct Free {
        void operator()(lk_diffusion* model) const noexcept { lk_diffusion_free(model); }
    };
    std::unique_ptr<lk_diffusion, Free> handle_;
    lk_diffusion_info info_{};
};

}  // namespace likeness

#endif  // LIKENESS_HPP
