// `likeness provenance inspect|mark`, and `likeness gan generate` marking what it saves.
#include "cli_run.h"
#include "io/sha256.h"
#include "support/exiftool.h"
#include "support/temp_directory.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace lk {
namespace {

using nlohmann::json;
using test::CliRun;
using test::run_cli;

const std::string kTrained = "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia";

std::string model() { return std::string(LIKENESS_TEST_DATA) + "/gan/tiny_unconditional_32.safetensors"; }

class ProvenanceCli : public testing::Test {
protected:
    std::string path(const std::string& name) const { return dir_.file(name); }

    json inspect(const std::string& file) const {
        const CliRun r = run_cli("provenance inspect '" + file + "' --json");
        EXPECT_EQ(r.exit_code, 0) << r.out;
        return r.exit_code == 0 ? json::parse(r.out) : json::object();
    }

    // A 256x256 photograph-like JPEG made by the CLI itself (a generated grid, resized).
    std::string photo(const std::string& name) const {
        const CliRun g = run_cli("gan generate --model " + model() + " --seeds 0-3 --grid --no-provenance --out " +
                                 path("source"));
        EXPECT_EQ(g.exit_code, 0);
        const CliRun c = run_cli("image convert " + path("source/grid.png") + " " + path(name) +
                                 " --resize 256x256");
        EXPECT_EQ(c.exit_code, 0);
        return path(name);
    }

    test::TempDirectory dir_;
};

TEST_F(ProvenanceCli, GeneratedFilesSaySyntheticByDefault) {
    // 36 seeds of 32x32 make a 192x192 grid: large enough for the watermark.
    const CliRun r = run_cli("gan generate --model " + model() + " --seeds 0-35 --grid --json --out " +
                             path("out"));
    ASSERT_EQ(r.exit_code, 0) << r.out;
    const std::string hash = io::sha256_of_file(model());
    EXPECT_EQ(json::parse(r.out)["provenance"]["model_hash"], "sha256:" + hash);

    const json image = inspect(path("out/seed0007.png"));
    EXPECT_EQ(image["synthetic"], true);
    EXPECT_EQ(image["metadata"]["digital_source_type"], kTrained);
    EXPECT_EQ(image["metadata"]["model_name"], "tiny_unconditional_32");
    EXPECT_EQ(image["metadata"]["model_hash"], "sha256:" + hash);
    EXPECT_EQ(image["metadata"]["seed"], nullptr) << "seeds are written only when asked";
    EXPECT_EQ(image["watermark"]["found"], false) << "32x32 is too small for a watermark";

    const json grid = inspect(path("out/grid.png"));
    EXPECT_EQ(grid["watermark"]["found"], true);
    EXPECT_EQ(grid["watermark"]["payload"], hash.substr(0, 8)) << "the payload names the model";
    EXPECT_EQ(grid["metadata"]["watermark_payload"], hash.substr(0, 8));

    const json tags = test::exiftool_tags(path("out/seed0007.png"));
    EXPECT_EQ(tags["XMP-iptcExt:DigitalSourceType"], kTrained) << tags.dump(1);
}

TEST_F(ProvenanceCli, RecordSeedWritesEachImagesSeed) {
    ASSERT_EQ(run_cli("gan generate --model " + model() + " --seeds 5,9 --record-seed --out " + path("out")).exit_code, 0);
    EXPECT_EQ(inspect(path("out/seed0009.png"))["metadata"]["seed"], 9);
}

TEST_F(ProvenanceCli, NoProvenanceIsAnExplicitOptOut) {
    ASSERT_EQ(run_cli("gan generate --model " + model() + " --seeds 3 --no-provenance --out " + path("out")).exit_code, 0);
    const json image = inspect(path("out/seed0003.png"));
    EXPECT_EQ(image["synthetic"], false);
    EXPECT_EQ(image["metadata"]["present"], false);
    EXPECT_NE(run_cli("gan generate --model " + model() + " --seeds 3 --no-provenance --record-seed --out " +
                      path("out")).exit_code, 0);
}

TEST_F(ProvenanceCli, MarkKeepsTheFilesOwnMetadataAndAddsBothMarks) {
    const std::string in = photo("photo.jpg");
    test::exiftool_edit("-EXIF:Artist=Ann -EXIF:Copyright=CC-BY -XMP-dc:Title=Beach", in);
    const CliRun r = run_cli("provenance mark '" + in + "' '" + path("marked.jpg") +
                             "' --payload 0xBEEF --composite --json");
    ASSERT_EQ(r.exit_code, 0) << r.out;
    EXPECT_EQ(json::parse(r.out)["watermark"]["payload"], "0000beef");

    const json tags = test::exiftool_tags(path("marked.jpg"));
    EXPECT_EQ(tags["IFD0:Artist"], "Ann") << tags.dump(1);
    EXPECT_EQ(tags["IFD0:Copyright"], "CC-BY");
    EXPECT_EQ(tags["XMP-dc:Title"], "Beach");
    EXPECT_EQ(tags["XMP-iptcExt:DigitalSourceType"],
              "http://cv.iptc.org/newscodes/digitalsourcetype/compositeWithTrainedAlgorithmicMedia");
    const json report = inspect(path("marked.jpg"));
    EXPECT_EQ(report["watermark"]["found"], true);
    EXPECT_EQ(report["watermark"]["payload"], "0000beef");
}

TEST_F(ProvenanceCli, InspectSaysSoWhenThereIsNothing) {
    const std::string in = photo("photo.png");
    const json report = inspect(in);
    EXPECT_EQ(report["synthetic"], false);
    EXPECT_EQ(report["watermark"]["found"], false);
    EXPECT_GT(report["watermark"]["p_value"].get<double>(), 1e-3);
    const CliRun text = run_cli("provenance inspect '" + in + "'");
    EXPECT_NE(text.out.find("no sign of being synthetic"), std::string::npos) << text.out;
}

TEST_F(ProvenanceCli, BadArgumentsAreUsageErrors) {
    const std::string in = photo("photo.png");
    EXPECT_EQ(run_cli("provenance mark '" + in + "' " + path("x.png") + " --payload 1g").exit_code, 2);
    EXPECT_EQ(run_cli("provenance mark '" + in + "' " + path("x.png") + " --payload 100000000").exit_code, 2);
    EXPECT_NE(run_cli("provenance inspect " + path("missing.png")).exit_code, 0);
}

}  // namespace
}  // namespace lk
