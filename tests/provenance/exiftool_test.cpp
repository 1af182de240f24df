// exiftool as the independent party: it reads what we write, and what it writes (EXIF, XMP, an ICC
// profile) survives our with_xmp and transplant_metadata. exiftool is part of the setup
// (libimage-exiftool-perl); without it these tests fail rather than skip.
#include "provenance/metadata.h"

#include "container_files.h"
#include "provenance/xmp.h"
#include "support/command.h"
#include "support/temp_directory.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace lk::provenance {
namespace {

using nlohmann::json;

const std::string kDigitalCapture = "http://cv.iptc.org/newscodes/digitalsourcetype/digitalCapture";

// What `exiftool -j -G1 -struct` says about a file: tag names "Group:Tag" to values.
json exiftool_tags(const std::string& path) {
    const test::CommandRun run = test::run_command("exiftool -j -G1 -struct '" + path + "' 2>&1");
    if (run.exit_code != 0) {
        ADD_FAILURE() << "exiftool failed (exit " << run.exit_code << "; is libimage-exiftool-perl "
                      << "installed? scripts/setup.sh installs it): " << run.out;
        return json::object();
    }
    return json::parse(run.out).at(0);
}

void exiftool_edit(const std::string& arguments, const std::string& path) {
    const test::CommandRun run =
        test::run_command("exiftool -q -overwrite_original " + arguments + " '" + path + "' 2>&1");
    ASSERT_EQ(run.exit_code, 0) << "exiftool " << arguments << ": " << run.out
                                << " (is libimage-exiftool-perl installed? scripts/setup.sh installs it)";
}

// A display profile with only a white point: the smallest ICC profile exiftool reads without
// complaint.
std::string icc_profile() {
    std::string profile(164, '\0');
    const auto put32 = [&](size_t at, uint32_t value) {
        for (int k = 0; k < 4; ++k) profile[at + k] = char(value >> (24 - 8 * k));
    };
    const auto put_xyz_d50 = [&](size_t at) {
        put32(at, 0xF6D6);
        put32(at + 4, 0x10000);
        put32(at + 8, 0xD32D);
    };
    put32(0, 164);
    put32(8, 0x04300000);
    profile.replace(12, 12, "mntrRGB XYZ ");
    profile.replace(36, 4, "acsp");
    put_xyz_d50(68);
    put32(128, 1);  // one tag: wtpt, at 144, 20 bytes
    profile.replace(132, 4, "wtpt");
    put32(136, 144);
    put32(140, 20);
    profile.replace(144, 4, "XYZ ");
    put_xyz_d50(152);
    return profile;
}

Record our_record() {
    Record record;
    record.digital_source_type = kTrainedAlgorithmicMedia;
    record.software = "Likeness 0.4.0";
    record.model_name = "StyleGAN2 FFHQ";
    record.seed = 42;
    return record;
}

std::vector<uint8_t> bytes_of(const std::string& path) {
    const std::string text = test::read_bytes(path);
    return std::vector<uint8_t>(text.begin(), text.end());
}

void write(const std::string& path, const std::vector<uint8_t>& bytes) {
    test::write_bytes(path, std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
}

void expect_our_properties(const json& tags) {
    EXPECT_EQ(tags.value("XMP-iptcExt:DigitalSourceType", ""), kTrainedAlgorithmicMedia) << tags.dump(1);
    EXPECT_EQ(tags.value("XMP-xmp:CreatorTool", ""), "Likeness 0.4.0");
    EXPECT_EQ(tags.value("XMP-iptcExt:AISystemUsed", ""), "StyleGAN2 FFHQ");
    EXPECT_FALSE(tags.contains("ExifTool:Warning")) << tags.dump(1);
    EXPECT_FALSE(tags.contains("ExifTool:Error")) << tags.dump(1);
}

// What exiftool wrote into the fixture, still there.
void expect_exiftools_metadata(const json& tags) {
    EXPECT_EQ(tags.value("IFD0:Artist", ""), "Exif Artist") << tags.dump(1);
    EXPECT_EQ(tags.value("XMP-dc:Title", ""), "Kept title");
    EXPECT_EQ(tags.value("ICC-header:ProfileClass", ""), "Display Device Profile");
}

class Exiftool : public ::testing::TestWithParam<Container> {
protected:
    std::string path(const char* name) const {
        return directory_.file(std::string(name) +
                               (GetParam() == Container::png ? ".png" : ".jpg"));
    }

    // An SDK-encoded file that exiftool has given EXIF, an XMP packet (with a DigitalSourceType
    // that ours must replace) and an ICC profile.
    std::vector<uint8_t> fixture() {
        const std::string file = path("fixture");
        write(file, test::encoded(GetParam()));
        test::write_bytes(directory_.file("profile.icc"), icc_profile());
        exiftool_edit("-EXIF:Artist='Exif Artist' -XMP-dc:Title='Kept title' "
                      "-XMP-iptcExt:DigitalSourceType=" + kDigitalCapture + " '-ICC_Profile<=" +
                          directory_.file("profile.icc") + "'",
                      file);
        return bytes_of(file);
    }

    test::TempDirectory directory_;
};

TEST_P(Exiftool, ReadsOurPacket) {
    const auto file = test::encoded(GetParam());
    const std::string marked = path("marked");
    write(marked, with_xmp(file.data(), file.size(), write_xmp(our_record())));
    const json tags = exiftool_tags(marked);
    expect_our_properties(tags);
    EXPECT_EQ(tags.value("XMP-lkp:Seed", 0), 42);
}

TEST_P(Exiftool, ItsPacketIsReadByOurs) {
    const auto file = fixture();
    const std::optional<std::string> packet = find_xmp(file.data(), file.size());
    ASSERT_TRUE(packet.has_value());
    EXPECT_EQ(read_xmp(*packet).digital_source_type, kDigitalCapture) << *packet;
}

TEST_P(Exiftool, ItsMetadataSurvivesWithXmpAndOurSourceTypeWins) {
    const auto file = fixture();
    const std::string packet = write_xmp(our_record(), find_xmp(file.data(), file.size()).value());
    EXPECT_EQ(packet.find("digitalCapture"), std::string::npos) << packet;
    const std::string marked = path("marked");
    write(marked, with_xmp(file.data(), file.size(), packet));
    const json tags = exiftool_tags(marked);
    expect_our_properties(tags);
    expect_exiftools_metadata(tags);
    const auto out = bytes_of(marked);
    EXPECT_EQ(read_xmp(find_xmp(out.data(), out.size()).value()).digital_source_type,
              kTrainedAlgorithmicMedia);
}

TEST_P(Exiftool, ItsMetadataSurvivesTransplantOntoReencodedPixels) {
    const auto file = fixture();
    const auto marked =
        with_xmp(file.data(), file.size(),
                 write_xmp(our_record(), find_xmp(file.data(), file.size()).value()));
    const auto reencoded = test::encoded(GetParam(), 0x55);
    const std::string out = path("reencoded");
    write(out, transplant_metadata(marked.data(), marked.size(), reencoded.data(), reencoded.size()));
    const json tags = exiftool_tags(out);
    expect_our_properties(tags);
    expect_exiftools_metadata(tags);
}

INSTANTIATE_TEST_SUITE_P(Containers, Exiftool, ::testing::Values(Container::png, Container::jpeg), test::container_name);

}  // namespace
}  // namespace lk::provenance
