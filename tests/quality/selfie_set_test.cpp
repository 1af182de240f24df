#include "quality/selfie_set.h"

#include "quality/analysed_photos.h"
#include "support/error_of.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>

namespace lk::quality {
namespace {

using test::good_photo;
using test::set_measure;
using ::testing::HasSubstr;

// Lowers the inner lower lip (points 65-67) by `gap` eye distances: an open mouth.
void open_mouth(PhotoAnalysis& photo, float gap) {
    const float eye_distance = float(*raw_value(photo.quality[0], measure_id::inter_eye_distance));
    for (int i = 65; i <= 67; ++i) photo.faces[0].landmarks[i].y += gap * eye_distance;
}

// `count` good photos of one person, the head turned between -24 and 24 degrees and tilted
// between -9 and 9, every third one smiling with teeth: a set that should be ready.
std::vector<PhotoAnalysis> varied_set(size_t count, test::People& people,
                                      const std::vector<float>& person) {
    std::vector<PhotoAnalysis> set;
    for (size_t i = 0; i < count; ++i) {
        PhotoAnalysis p = good_photo("photo" + std::to_string(i) + ".jpg");
        set_measure(p.quality[0], measure_id::yaw, -24.0 + 48.0 * double(i % 5) / 4, 90);
        set_measure(p.quality[0], measure_id::pitch, -9.0 + 18.0 * double(i % 3) / 2, 90);
        if (i % 3 == 0) open_mouth(p, 0.1f);
        p.faces[0].descriptor = people.photo_of(person);
        set.push_back(std::move(p));
    }
    return set;
}

std::vector<std::string> codes(const std::vector<Reason>& reasons) {
    std::vector<std::string> out;
    for (const Reason& r : reasons) out.push_back(r.code);
    return out;
}

// A set with all its photos accepted that is usable but for one finding, with its advice.
void expect_only_warning(const SelfieSetReport& report, size_t accepted, const std::string& finding,
                         const std::string& advice) {
    EXPECT_EQ(report.accepted, accepted);
    EXPECT_EQ(report.verdict, SetVerdict::usable_with_warnings);
    EXPECT_THAT(codes(report.findings), ::testing::ElementsAre(finding));
    EXPECT_THAT(report.advice.at(0), HasSubstr(advice));
}

TEST(SelfieSet, AVariedSetOfOnePersonIsReady) {
    test::People people(1);
    const auto set = varied_set(12, people, people.person());
    const SelfieSetReport report = check_selfie_set(set, {});
    EXPECT_EQ(report.accepted, 12u);
    EXPECT_EQ(report.verdict, SetVerdict::ready) << to_text(report);
    EXPECT_TRUE(report.findings.empty()) << to_text(report);
    EXPECT_TRUE(report.advice.empty());
    for (const PhotoCheck& p : report.photos) {
        ASSERT_TRUE(p.identity_distance);
        EXPECT_LT(*p.identity_distance, 0.4);
    }
}

TEST(SelfieSet, TwelvePhotosOfOnePersonAndAStrangerFlagExactlyTheStranger) {
    test::People people(2);
    auto set = varied_set(13, people, people.person());
    set[7].faces[0].descriptor = people.photo_of(people.person());
    const SelfieSetReport report = check_selfie_set(set, {});
    for (size_t i = 0; i < set.size(); ++i) {
        SCOPED_TRACE(set[i].source);
        EXPECT_EQ(report.photos[i].accepted, i != 7);
    }
    EXPECT_THAT(codes(report.photos[7].reasons), ::testing::ElementsAre("not_the_same_person"));
    EXPECT_THAT(report.photos[7].reasons[0].message, HasSubstr("not the same person"));
    EXPECT_GT(*report.photos[7].identity_distance, 1.0);
    EXPECT_EQ(report.accepted, 12u);
    EXPECT_EQ(report.verdict, SetVerdict::ready);
    EXPECT_THAT(report.advice.at(0), HasSubstr("the 1 rejected photo;"));
}

TEST(SelfieSet, TwoNearIdenticalPhotosAreADuplicateAndTheWorseIsDropped) {
    test::People people(3);
    auto set = varied_set(12, people, people.person());
    set[4] = set[9];  // the same pose and expression
    set[4].source = "burst1.jpg";
    set[4].faces[0].descriptor = people.photo_of(set[9].faces[0].descriptor, 0.003f);
    set[4].quality[0].unified = 70;  // the blurrier of the two
    const SelfieSetReport report = check_selfie_set(set, {});
    ASSERT_EQ(report.near_duplicates.size(), 1u);
    EXPECT_EQ(report.near_duplicates[0].keep, 9u);
    EXPECT_EQ(report.near_duplicates[0].drop, 4u);
    EXPECT_LT(report.near_duplicates[0].descriptor_distance, 0.1);
    EXPECT_FALSE(report.photos[4].accepted);
    EXPECT_THAT(codes(report.photos[4].reasons), ::testing::ElementsAre("near_duplicate"));
    EXPECT_THAT(report.photos[4].reasons[0].message,
                HasSubstr("photo9.jpg is nearly the same photo"));
    EXPECT_THAT(report.photos[4].reasons[0].message, HasSubstr("drop this one"));
    EXPECT_TRUE(report.photos[9].accepted);
    EXPECT_EQ(report.accepted, 11u);
}

TEST(SelfieSet, CloseDescriptorsInDifferentPosesAreNotDuplicates) {
    test::People people(4);
    auto set = varied_set(12, people, people.person());
    set[1].faces[0].descriptor = people.photo_of(set[2].faces[0].descriptor, 0.003f);
    // photo1 and photo2 differ by 12 degrees of yaw (varied_set).
    const SelfieSetReport report = check_selfie_set(set, {});
    EXPECT_TRUE(report.near_duplicates.empty());
    EXPECT_EQ(report.accepted, 12u);
}

TEST(SelfieSet, FivePhotosAreTooFew) {
    test::People people(5);
    const SelfieSetReport report = check_selfie_set(varied_set(5, people, people.person()), {});
    EXPECT_EQ(report.accepted, 5u);
    EXPECT_EQ(report.verdict, SetVerdict::not_ready);
    ASSERT_FALSE(report.findings.empty());
    EXPECT_EQ(report.findings[0].code, "too_few_photos");
    EXPECT_THAT(report.findings[0].message, HasSubstr("10 to 30 recommended"));
    EXPECT_THAT(report.advice.at(0), HasSubstr("Add 5 or more"));
}

TEST(SelfieSet, MoreThanThirtyPhotosAreUsableWithAWarning) {
    test::People people(6);
    expect_only_warning(check_selfie_set(varied_set(34, people, people.person()), {}), 34,
                        "too_many_photos", "best 30");
}

TEST(SelfieSet, APhotoWithTwoFacesIsRejectedForSeveralFaces) {
    test::People people(7);
    auto set = varied_set(12, people, people.person());
    set[3].faces.push_back(test::face_at(420, 200, 70, 0.9f));
    set[3].quality.push_back(test::good_quality(70));
    // A faint detection in the background is not a second person.
    set[5].faces.push_back(test::face_at(420, 200, 70, 0.2f));
    set[5].quality.push_back(test::good_quality(70));
    const SelfieSetReport report = check_selfie_set(set, {});
    EXPECT_THAT(codes(report.photos[3].reasons), ::testing::ElementsAre("several_faces"));
    EXPECT_THAT(report.photos[3].reasons[0].message, HasSubstr("2 faces found"));
    EXPECT_TRUE(report.photos[5].accepted);
}

TEST(SelfieSet, AllFrontalWithOneExpressionSaysNoPoseOrExpressionVariety) {
    test::People people(8);
    const std::vector<float> person = people.person();
    std::vector<PhotoAnalysis> set;
    for (int i = 0; i < 12; ++i) {
        set.push_back(good_photo("frontal" + std::to_string(i) + ".jpg"));
        set.back().faces[0].descriptor = people.photo_of(person);
    }
    const SelfieSetReport report = check_selfie_set(set, {});
    EXPECT_EQ(report.accepted, 12u);
    EXPECT_EQ(report.verdict, SetVerdict::usable_with_warnings);
    EXPECT_THAT(codes(report.findings),
                ::testing::ElementsAre("no_pose_variety", "no_expression_variety"));
    EXPECT_THAT(report.findings[0].message, HasSubstr("yaw varies by 0.0 degrees"));
    EXPECT_DOUBLE_EQ(*report.yaw_spread_deg, 0);
    EXPECT_NEAR(*report.mouth_opening_spread, 0, 1e-6);
    EXPECT_EQ(report.advice.size(), 2u);
}

TEST(SelfieSet, PoseVarietyNamesOnlyTheAxisThatFallsShort) {
    test::People people(8);
    const std::vector<float> person = people.person();
    std::vector<PhotoAnalysis> set;
    for (int i = 0; i < 12; ++i) {
        set.push_back(good_photo("turned" + std::to_string(i) + ".jpg"));
        set.back().faces[0].descriptor = people.photo_of(person);
        set_measure(set.back().quality[0], measure_id::yaw, i % 2 ? 20 : -20, 90);
    }
    const SelfieSetReport report = check_selfie_set(set, {});
    ASSERT_FALSE(report.findings.empty());
    EXPECT_EQ(report.findings[0].code, "no_pose_variety");
    EXPECT_THAT(report.findings[0].message, HasSubstr("pitch varies by 0.0 degrees"));
    EXPECT_THAT(report.findings[0].message, ::testing::Not(HasSubstr("yaw")));
}

TEST(SelfieSet, EachPhotoCheckRejectsWithItsOwnReason) {
    test::People people(9);
    auto set = varied_set(14, people, people.person());
    set[0].faces.clear();
    set[0].quality.clear();
    set[1].faces[0].detection.score = 0.3f;
    set[2].quality[0] = test::good_quality(40);
    set_measure(set[3].quality[0], measure_id::sharpness, 20, 15);
    set_measure(set[4].quality[0], measure_id::under_exposure, 0.6, 10);
    set_measure(set[5].quality[0], measure_id::over_exposure, 0.5, 20);
    set_measure(set[6].quality[0], measure_id::eyes_open, 0.05, 5);
    set_measure(set[7].quality[0], measure_id::yaw, 60, 10);
    set_measure(set[8].quality[0], measure_id::pitch, -35, 20);
    const std::vector<std::vector<std::string>> expected = {
        {"no_face"},  {"no_face"},     {"face_too_small"}, {"blurred"},
        {"too_dark"}, {"too_bright"},  {"eyes_closed"},    {"strong_pose"},
        {"strong_pose"}};
    const SelfieSetReport report = check_selfie_set(set, {});
    for (size_t i = 0; i < set.size(); ++i) {
        SCOPED_TRACE(set[i].source);
        if (i < expected.size()) {
            EXPECT_FALSE(report.photos[i].accepted);
            EXPECT_EQ(codes(report.photos[i].reasons), expected[i]);
        } else {
            EXPECT_TRUE(report.photos[i].accepted);
        }
    }
    EXPECT_THAT(report.photos[1].reasons[0].message, HasSubstr("0.30"));
    EXPECT_THAT(report.photos[2].reasons[0].message, HasSubstr("eyes 40 px apart, at least 64"));
    EXPECT_THAT(report.photos[7].reasons[0].message,
                HasSubstr("turned too far: yaw 60 degrees, at most 45"));
    EXPECT_THAT(report.photos[8].reasons[0].message,
                HasSubstr("tilted too far: pitch -35 degrees"));
    EXPECT_EQ(report.accepted, 5u);
    EXPECT_EQ(report.verdict, SetVerdict::not_ready);
}

TEST(SelfieSet, AFaceWithoutInterEyeMeasureIsSizedFromItsLandmarks) {
    test::People people(10);
    auto set = varied_set(12, people, people.person());
    set[0].quality[0].measures.erase(set[0].quality[0].measures.begin());  // inter_eye_distance
    set[0].faces[0] = test::face_at(256, 230, 50);
    set[0].faces[0].descriptor = set[1].faces[0].descriptor;
    set[0].faces[0].descriptor[0] += 0.3f;  // not a duplicate of photo1
    const SelfieSetReport report = check_selfie_set(set, {});
    EXPECT_EQ(codes(report.photos[0].reasons), std::vector<std::string>{"face_too_small"});
    EXPECT_THAT(report.photos[0].reasons[0].message, HasSubstr("eyes 50 px apart"));
}

TEST(SelfieSet, PhotosWithoutDescriptorsLeaveTheIdentityUncheckedAndSaySo) {
    test::People people(11);
    auto set = varied_set(12, people, people.person());
    for (PhotoAnalysis& p : set) p.faces[0].descriptor.clear();
    expect_only_warning(check_selfie_set(set, {}), 12, "identity_unchecked", "recognizer");
}

TEST(SelfieSet, UnusableAnalysesAreRefusedNamingThePhoto) {
    test::People people(12);
    auto set = varied_set(3, people, people.person());
    set[1].quality.clear();
    auto refusal = [&] {
        return test::error_of(LK_ERR_INVALID_ARGUMENT, [&] { check_selfie_set(set, {}); });
    };
    std::string message = refusal();
    EXPECT_THAT(message, HasSubstr("photo1.jpg"));
    EXPECT_THAT(message, HasSubstr("0 quality entries for 1 faces"));

    set = varied_set(3, people, people.person());
    set[2].faces[0].descriptor.resize(512);
    message = refusal();
    EXPECT_THAT(message, HasSubstr("512 values, but photo photo0.jpg has 128"));

    set = varied_set(3, people, people.person());
    set[0].width = 0;
    message = refusal();
    EXPECT_THAT(message, HasSubstr("size 0x512"));

    set = varied_set(3, people, people.person());
    set[0].faces[0].landmarks[30].x = NAN;
    message = refusal();
    EXPECT_THAT(message, HasSubstr("landmark 30 is not finite"));
}

TEST(SelfieSet, OptionsOutOfRangeAreRefusedByName) {
    SelfieSetOptions o;
    o.max_identity_distance = NAN;
    EXPECT_THAT(test::error_of(LK_ERR_INVALID_ARGUMENT, [&] { check_selfie_set({}, o); }),
                HasSubstr("option max_identity_distance is nan; expected a number from 0"));
    o = {};
    o.min_photos = 40;
    EXPECT_THAT(test::error_of(LK_ERR_INVALID_ARGUMENT, [&] { check_selfie_set({}, o); }),
                HasSubstr("min_photos 40 is above max_photos 30"));
    o = {};
    o.min_sharpness = -1;
    EXPECT_THAT(test::error_of(LK_ERR_INVALID_ARGUMENT, [&] { check_selfie_set({}, o); }),
                HasSubstr("option min_sharpness is -1; expected a number from 0 to 100"));
}

TEST(SelfieSet, AnEmptySetIsNotReady) {
    const SelfieSetReport report = check_selfie_set({}, {});
    EXPECT_EQ(report.verdict, SetVerdict::not_ready);
    EXPECT_EQ(report.findings.at(0).code, "too_few_photos");
}

TEST(SelfieSet, JsonAndTextCarryEveryVerdictAndReason) {
    test::People people(13);
    auto set = varied_set(13, people, people.person());
    set[2].faces.clear();
    set[2].quality.clear();
    const SelfieSetReport report = check_selfie_set(set, {});
    const nlohmann::json j = to_json(report);
    EXPECT_EQ(j["verdict"], "ready");
    EXPECT_EQ(j["photo_count"], 13);
    EXPECT_EQ(j["accepted_count"], 12);
    EXPECT_EQ(j["photos"][2]["source"], "photo2.jpg");
    EXPECT_EQ(j["photos"][2]["accepted"], false);
    EXPECT_EQ(j["photos"][2]["reasons"][0]["code"], "no_face");
    EXPECT_TRUE(j["photos"][2]["identity_distance"].is_null());
    EXPECT_TRUE(j["photos"][0]["identity_distance"].is_number());
    EXPECT_TRUE(j["variety"]["yaw_spread_deg"].is_number());
    EXPECT_EQ(j["advice"].size(), report.advice.size());

    const std::string text = to_text(report);
    EXPECT_THAT(text, HasSubstr("Selfie set: 12 of 13 photos accepted; ready"));
    EXPECT_THAT(text, HasSubstr("rejected photo2.jpg"));
    EXPECT_THAT(text, HasSubstr("- no face found"));
    EXPECT_THAT(text, HasSubstr("Variety over the accepted photos (standard deviations): yaw 17.1 "
                                "degrees, pitch 7.2 degrees, mouth opening 0.062"));
    EXPECT_THAT(text, HasSubstr("Advice:\n  - Leave out or replace the 1 rejected photo;"));
}

TEST(SelfieSet, MouthOpeningGrowsWithTheGapBetweenTheLips) {
    const face::Landmarks68 closed = face::mean_face_2d();
    face::Landmarks68 open = closed;
    for (int i = 65; i <= 67; ++i) open[i].y += 0.2f;
    EXPECT_LT(mouth_opening(closed), 0.04);
    // Width 0.8 eye distances: 0.2 more gap is 0.25 more opening.
    EXPECT_NEAR(mouth_opening(open) - mouth_opening(closed), 0.25, 0.01);
}

}  // namespace
}  // namespace lk::quality
