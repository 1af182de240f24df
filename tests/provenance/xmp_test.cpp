// XMP packets: what write_xmp states, what read_xmp takes from packets written other ways, and
// the errors for malformed ones.
#include "provenance/xmp.h"

#include "support/error_of.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace lk::provenance {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

Record full_record() {
    Record record;
    record.digital_source_type = kTrainedAlgorithmicMedia;
    record.software = "Likeness 0.4.0";
    record.model_name = "StyleGAN2 FFHQ 256";
    record.model_hash = "sha256:" + std::string(64, 'a');
    record.seed = 18446744073709551615ull;
    record.prompt = "a portrait, soft light";
    record.watermark_payload = 0x00c0ffee;
    return record;
}

void expect_same(const Record& a, const Record& b) {
    EXPECT_EQ(a.digital_source_type, b.digital_source_type);
    EXPECT_EQ(a.software, b.software);
    EXPECT_EQ(a.model_name, b.model_name);
    EXPECT_EQ(a.model_hash, b.model_hash);
    EXPECT_EQ(a.seed, b.seed);
    EXPECT_EQ(a.prompt, b.prompt);
    EXPECT_EQ(a.watermark_payload, b.watermark_payload);
}

size_t count(const std::string& text, std::string_view what) {
    size_t n = 0;
    for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
    return n;
}

// Wraps properties in the rdf:Description of a packet with the usual namespaces bound.
std::string packet_with(std::string_view attributes, std::string_view properties) {
    return std::string("<?xpacket begin='\xEF\xBB\xBF' id='W5M0MpCehiHzreSzNTczkc9d'?>\n"
                       "<x:xmpmeta xmlns:x='adobe:ns:meta/'>\n"
                       "<rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'>\n"
                       " <rdf:Description rdf:about=''\n"
                       "  xmlns:dc='http://purl.org/dc/elements/1.1/'\n"
                       "  xmlns:Iptc4xmpExt='http://iptc.org/std/Iptc4xmpExt/2008-02-29/'\n"
                       "  xmlns:xmp='http://ns.adobe.com/xap/1.0/'\n"
                       "  xmlns:lkp='urn:likeness:provenance:1.0#'") +
           std::string(attributes) + ">\n" + std::string(properties) +
           " </rdf:Description>\n</rdf:RDF>\n</x:xmpmeta>\n<?xpacket end='w'?>";
}

TEST(XmpWrite, WritesACompletePacketThatReadsBackEveryField) {
    const std::string packet = write_xmp(full_record());
    EXPECT_EQ(packet.rfind("<?xpacket begin=\"\xEF\xBB\xBF\"", 0), 0u) << packet;
    EXPECT_EQ(packet.substr(packet.size() - 19), "<?xpacket end=\"w\"?>");
    EXPECT_THAT(packet, HasSubstr("<Iptc4xmpExt:DigitalSourceType>" +
                                  std::string(kTrainedAlgorithmicMedia)));
    EXPECT_THAT(packet, HasSubstr("<lkp:Seed>18446744073709551615</lkp:Seed>"));
    EXPECT_THAT(packet, HasSubstr("<lkp:WatermarkPayload>00c0ffee</lkp:WatermarkPayload>"));
    expect_same(read_xmp(packet), full_record());
}

TEST(XmpWrite, LeavesEmptyAndAbsentFieldsOut) {
    Record record;
    record.digital_source_type = kTrainedAlgorithmicMedia;
    const std::string packet = write_xmp(record);
    for (const char* absent : {"CreatorTool", "AISystemUsed", "AIPromptInformation", "lkp:",
                               "xmlns:xmp=", "xmlns:lkp="})
        EXPECT_THAT(packet, Not(HasSubstr(absent))) << packet;
    expect_same(read_xmp(packet), record);
}

TEST(XmpWrite, EscapesMarkupSoTextRoundTripsExactly) {
    Record record;
    record.prompt = "a <b> & \"c\" 'd' ]]> \r\n\ttabbed, caf\xC3\xA9";
    record.software = "&amp; literally";
    const std::string packet = write_xmp(record);
    EXPECT_THAT(packet, HasSubstr("a &lt;b&gt; &amp; &quot;c&quot;"));
    expect_same(read_xmp(packet), record);
}

TEST(XmpWrite, RefusesTextXmlCannotCarryNamingTheProperty) {
    Record control;
    control.prompt = "bell\x07";
    EXPECT_THAT(test::error_of(LK_ERR_INVALID_ARGUMENT, [&] { write_xmp(control); }),
                HasSubstr("Iptc4xmpExt:AIPromptInformation is 'bell\\x07', expected UTF-8 text"));
    Record invalid;
    invalid.model_name = "latin1 \xE9";
    EXPECT_THAT(test::error_of(LK_ERR_INVALID_ARGUMENT, [&] { write_xmp(invalid); }),
                HasSubstr("Iptc4xmpExt:AISystemUsed"));
}

TEST(XmpWrite, KeepsTheExistingPacketAndOurValueReplacesConflictsInEitherForm) {
    // A prefix of its own for IPTC's namespace, the source type as an attribute, the creator tool
    // as an element: both must go, everything else stay byte for byte.
    const std::string existing =
        "<?xpacket begin='\xEF\xBB\xBF' id='W5M0MpCehiHzreSzNTczkc9d'?>\n"
        "<x:xmpmeta xmlns:x='adobe:ns:meta/' x:xmptk='Image::ExifTool 12.57'>\n"
        "<rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'>\n"
        " <rdf:Description rdf:about='urn:subject'\n"
        "  xmlns:ipx='http://iptc.org/std/Iptc4xmpExt/2008-02-29/'\n"
        "  ipx:DigitalSourceType='http://cv.iptc.org/newscodes/digitalsourcetype/digitalCapture'\n"
        "  xmlns:dc='http://purl.org/dc/elements/1.1/'>\n"
        "  <dc:title><rdf:Alt><rdf:li xml:lang='x-default'>Kept &amp; sound</rdf:li></rdf:Alt></dc:title>\n"
        " </rdf:Description>\n"
        " <rdf:Description rdf:about='urn:subject' xmlns:tool='http://ns.adobe.com/xap/1.0/'>\n"
        "  <tool:CreatorTool>Old Tool</tool:CreatorTool>\n"
        "  <tool:Rating>3</tool:Rating>\n"
        " </rdf:Description>\n"
        "</rdf:RDF>\n"
        "</x:xmpmeta>\n"
        "<?xpacket end='w'?>";
    const std::string packet = write_xmp(full_record(), existing);
    EXPECT_EQ(count(packet, "DigitalSourceType"), 2u) << packet;  // our start and end tags
    EXPECT_EQ(count(packet, "CreatorTool"), 2u) << packet;
    EXPECT_THAT(packet, Not(HasSubstr("digitalCapture")));
    EXPECT_THAT(packet, Not(HasSubstr("Old Tool")));
    EXPECT_THAT(packet, HasSubstr("x:xmptk='Image::ExifTool 12.57'"));
    EXPECT_THAT(packet, HasSubstr(
        "  <dc:title><rdf:Alt><rdf:li xml:lang='x-default'>Kept &amp; sound</rdf:li></rdf:Alt></dc:title>\n"));
    EXPECT_THAT(packet, HasSubstr("<tool:Rating>3</tool:Rating>"));
    EXPECT_THAT(packet, HasSubstr("<rdf:Description rdf:about=\"urn:subject\""));
    EXPECT_EQ(count(packet, "<?xpacket"), 2u);
    expect_same(read_xmp(packet), full_record());
}

TEST(XmpWrite, KeepsExistingValuesOfFieldsTheRecordLeavesEmpty) {
    const std::string existing = packet_with(
        "", "  <Iptc4xmpExt:AIPromptInformation>their prompt</Iptc4xmpExt:AIPromptInformation>\n");
    Record record;
    record.digital_source_type = kTrainedAlgorithmicMedia;
    const Record back = read_xmp(write_xmp(record, existing));
    EXPECT_EQ(back.prompt, "their prompt");
    EXPECT_EQ(back.digital_source_type, kTrainedAlgorithmicMedia);
}

TEST(XmpWrite, WrapsABareRdfAndFillsASelfClosingOne) {
    const std::string bare =
        "<?xml version='1.0'?><rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'/>";
    const std::string packet = write_xmp(full_record(), bare);
    EXPECT_EQ(packet.rfind("<?xml version='1.0'?><?xpacket begin=", 0), 0u) << packet;
    EXPECT_EQ(packet.substr(packet.size() - 19), "<?xpacket end=\"w\"?>");
    expect_same(read_xmp(packet), full_record());
}

TEST(XmpWrite, RefusesAMalformedExistingPacket) {
    EXPECT_THAT(test::error_of(LK_ERR_FORMAT, [] { write_xmp(full_record(), "<x:xmpmeta>"); }),
                HasSubstr("XMP packet: undeclared namespace prefix 'x', at byte 0"));
    EXPECT_THAT(test::error_of(LK_ERR_FORMAT, [] { write_xmp(full_record(), "<a/>"); }),
                HasSubstr("no rdf:RDF element"));
}

TEST(XmpRead, ReadsAttributesUnderAnyPrefixAndTheDefaultNamespace) {
    const std::string packet =
        "<x:xmpmeta xmlns:x='adobe:ns:meta/'><rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'>"
        "<rdf:Description rdf:about='' xmlns:i='http://iptc.org/std/Iptc4xmpExt/2008-02-29/'"
        " i:AISystemUsed='model &#x41;&#66;' xmlns:m='urn:likeness:provenance:1.0#' m:Seed=' 7 '>"
        "<CreatorTool xmlns='http://ns.adobe.com/xap/1.0/'>tool</CreatorTool>"
        "</rdf:Description></rdf:RDF></x:xmpmeta>";
    const Record record = read_xmp(packet);
    EXPECT_EQ(record.model_name, "model AB");
    EXPECT_EQ(record.software, "tool");
    EXPECT_EQ(record.seed, 7u);
}

TEST(XmpRead, TakesXDefaultOfAltFirstOfSeqAndRdfResource) {
    const std::string packet = packet_with(
        "",
        "  <Iptc4xmpExt:AISystemUsed><rdf:Alt>\n"
        "   <rdf:li xml:lang='de-DE'>Modell</rdf:li>\n"
        "   <rdf:li xml:lang='x-default'>Model</rdf:li>\n"
        "  </rdf:Alt></Iptc4xmpExt:AISystemUsed>\n"
        "  <xmp:CreatorTool><rdf:Seq><rdf:li>first</rdf:li><rdf:li>second</rdf:li></rdf:Seq></xmp:CreatorTool>\n"
        "  <Iptc4xmpExt:DigitalSourceType rdf:resource='http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia'/>\n");
    const Record record = read_xmp(packet);
    EXPECT_EQ(record.model_name, "Model");
    EXPECT_EQ(record.software, "first");
    EXPECT_EQ(record.digital_source_type, kTrainedAlgorithmicMedia);
}

TEST(XmpRead, DecodesEntitiesCdataAndSkipsCommentsAndWhitespace) {
    const std::string packet = packet_with(
        "\n  xmp:CreatorTool='a&#10;b'",
        "  <!-- a comment with <tags> -->\n"
        "  <Iptc4xmpExt:AIPromptInformation>&lt;&gt;&amp;&quot;&apos;&#233;<![CDATA[<raw & text>]]></Iptc4xmpExt:AIPromptInformation>\n"
        "  <lkp:WatermarkPayload>\n   DEADBEEF\n  </lkp:WatermarkPayload>\n");
    const Record record = read_xmp(packet);
    EXPECT_EQ(record.prompt, "<>&\"'\xC3\xA9<raw & text>");
    EXPECT_EQ(record.software, "a\nb");
    EXPECT_EQ(record.watermark_payload, 0xDEADBEEFu);
}

TEST(XmpRead, IgnoresOurPropertyNamesInOtherNamespacesAndNestedStructures) {
    const std::string packet = packet_with(
        "\n  xmlns:other='urn:other#' other:Seed='x'",
        "  <Iptc4xmpExt:ArtworkOrObject><rdf:Bag><rdf:li rdf:parseType='Resource'>"
        "<xmp:CreatorTool>nested</xmp:CreatorTool></rdf:li></rdf:Bag></Iptc4xmpExt:ArtworkOrObject>\n");
    const Record record = read_xmp(packet);
    EXPECT_FALSE(record.seed.has_value());
    EXPECT_TRUE(record.software.empty());
}

TEST(XmpRead, RefusesMalformedNumbersNamingTheProperty) {
    EXPECT_THAT(test::error_of(LK_ERR_FORMAT,
                               [] { read_xmp(packet_with("", "<lkp:Seed>12x</lkp:Seed>")); }),
                HasSubstr("lkp:Seed is '12x', expected a decimal number below 2^64, at byte"));
    EXPECT_THAT(test::error_of(LK_ERR_FORMAT,
                               [] { read_xmp(packet_with("", "<lkp:Seed>18446744073709551616</lkp:Seed>")); }),
                HasSubstr("lkp:Seed"));
    EXPECT_THAT(test::error_of(LK_ERR_FORMAT, [] {
                    read_xmp(packet_with("", "<lkp:WatermarkPayload>c0ffee</lkp:WatermarkPayload>"));
                }),
                HasSubstr("lkp:WatermarkPayload is 'c0ffee', expected 8 hex digits"));
}

TEST(XmpRead, MalformedXmlNamesWhatWasWrongAndWhere) {
    struct Case {
        std::string packet;
        std::string message;
    };
    std::string deep;
    for (int i = 0; i < 65; ++i) deep += "<a>";
    const std::string rdf = "<r:RDF xmlns:r='http://www.w3.org/1999/02/22-rdf-syntax-ns#'>";
    const Case cases[] = {
        {rdf + "</r:Description>", "end tag </r:Description> where </r:RDF> was expected, at byte 61"},
        {rdf, "<r:RDF> is not closed at the end of the packet, at byte 61"},
        {rdf + "<!-- open", "unterminated comment, at byte 61"},
        {rdf + "<![CDATA[ open", "unterminated CDATA section, at byte 70"},
        {rdf + "<q:x/>", "undeclared namespace prefix 'q', at byte 61"},
        {"<!DOCTYPE x [<!ENTITY a 'b'>]>" + rdf, "a DOCTYPE or other declaration (XMP has none), at byte 0"},
        {rdf + "&bomb;", "unknown entity '&bomb;'"},
        {rdf + "&#0;", "character reference '&#0;' names no XML character, at byte 61"},
        {rdf + "a & b", "'&' that starts no entity"},
        {rdf + "</r:RDF>tail", "text outside the root element, at byte 69"},
        {rdf + "</r:RDF><second/>", "a second root element, at byte 69"},
        {"<a b='1' b='2'/>", "attribute 'b' appears twice, at byte 9"},
        {"<a b='1'c='2'/>", "expected whitespace between attributes, at byte 8"},
        {"<a b=1/>", "expected a quoted attribute value, at byte 5"},
        {"<a b='<'/>", "'<' in an attribute value, at byte 6"},
        {"<a>\x01</a>", "control character 0x01 (XML text cannot hold it), at byte 3"},
        {"", "no root element, at byte 0"},
        {deep,
         "elements nested deeper than 64 levels, at byte 192"},
    };
    for (const Case& c : cases) {
        SCOPED_TRACE(c.packet);
        EXPECT_THAT(test::error_of(LK_ERR_FORMAT, [&] { read_xmp(c.packet); }),
                    HasSubstr("XMP packet: " + c.message));
    }
}

}  // namespace
}  // namespace lk::provenance
