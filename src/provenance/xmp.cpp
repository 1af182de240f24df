#include "provenance/xmp.h"

#include "core/error.h"
#include "core/utf8.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cstring>
#include <optional>
#include <tuple>
#include <unordered_map>
#include <utility>
#include <vector>

namespace lk::provenance {

namespace {

constexpr std::string_view kRdfNamespace = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
constexpr std::string_view kXmlNamespace = "http://www.w3.org/XML/1998/namespace";
// XMP nests a handful of levels (xmpmeta, RDF, Description, property, Alt/struct, li, ...); a
// packet nested deeper than this is hostile, and refusing it bounds the parser's stacks.
constexpr size_t kMaxDepth = 64;
// Larger than any packet an image carries (JPEG caps one at 64 KiB); keeps hostile input from
// turning into gigabytes of element records.
constexpr size_t kMaxPacketSize = size_t(16) << 20;
constexpr size_t npos = std::string_view::npos;

template <typename... Args>
[[noreturn]] void malformed(size_t at, fmt::format_string<Args...> what, Args&&... args) {
    fail(LK_ERR_FORMAT, "XMP packet: {}, at byte {}",
         fmt::format(what, std::forward<Args>(args)...), at);
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

struct Attribute {
    std::string ns, name;  // namespace URI and local name
    std::string value;     // entities decoded
    size_t begin = 0, end = 0;  // the bytes `prefix:name="value"`
};

struct Element {
    std::string ns, name, qualified_name;
    size_t parent = npos;
    size_t depth = 0;        // 0 for the root
    size_t begin = 0;        // the start tag's '<'
    size_t content_end = 0;  // the end tag's '<' (for <x/>, where the '/' is)
    size_t end = 0;          // past the end tag's '>'
    bool self_closing = false;
    std::vector<Attribute> attributes;
    std::vector<size_t> children;
    std::string text;  // character data directly inside, entities decoded, CDATA included

    bool is(std::string_view uri, std::string_view local) const {
        return ns == uri && name == local;
    }
    const Attribute* attribute(std::string_view uri, std::string_view local) const {
        for (const Attribute& attribute : attributes)
            if (attribute.ns == uri && attribute.name == local) return &attribute;
        return nullptr;
    }
};

struct Document {
    std::vector<Element> elements;  // in document order; elements[0] is the root
    bool has_packet_begin = false, has_packet_end = false;
    size_t xml_declaration_end = 0;  // past a leading BOM and <?xml ...?>: where a wrapper may start
};

bool is_xml_char(uint32_t code) {
    return code == 0x9 || code == 0xA || code == 0xD || (code >= 0x20 && code <= 0xD7FF) ||
           (code >= 0xE000 && code <= 0xFFFD) || (code >= 0x10000 && code <= 0x10FFFF);
}

// Character data or an attribute value, raw as it stands at byte `at`, with its entities and
// character references replaced and its line ends normalized the way XML prescribes.
std::string decode(std::string_view raw, size_t at, bool attribute) {
    std::string out;
    out.reserve(raw.size());
    for (size_t k = 0; k < raw.size(); ++k) {
        const char c = raw[k];
        if (c == '&') {
            const size_t semicolon = raw.find(';', k);
            // The longest reference is &#x10FFFF; (10 bytes); anything longer is not one.
            if (semicolon == npos || semicolon - k > 10)
                malformed(at + k, "'&' that starts no entity (expected &amp; for a literal '&')");
            const std::string_view name = raw.substr(k + 1, semicolon - k - 1);
            if (name == "amp") out += '&';
            else if (name == "lt") out += '<';
            else if (name == "gt") out += '>';
            else if (name == "quot") out += '"';
            else if (name == "apos") out += '\'';
            else if (name.size() >= 2 && name[0] == '#') {
                const bool hex = name[1] == 'x';
                const std::string_view digits = name.substr(hex ? 2 : 1);
                uint32_t code = 0;
                const auto [end, error] =
                    std::from_chars(digits.data(), digits.data() + digits.size(), code, hex ? 16 : 10);
                if (digits.empty() || error != std::errc() || end != digits.data() + digits.size() ||
                    !is_xml_char(code))
                    malformed(at + k, "character reference '&{};' names no XML character",
                              printable(name));
                append_utf8(out, code);
            } else {
                malformed(at + k, "unknown entity '&{};' (XMP uses only amp, lt, gt, quot, apos "
                          "and character references)", printable(name));
            }
            k = semicolon;
        } else if (c == '\r' || (attribute && (c == '\n' || c == '\t'))) {
            if (c == '\r' && k + 1 < raw.size() && raw[k + 1] == '\n') ++k;
            out += attribute ? ' ' : '\n';
        } else {
            out += c;
        }
    }
    return out;
}

// A hand-written, non-recursive XML reader for what XMP packets use: elements, attributes,
// namespaces, character data, CDATA, comments and processing instructions. DOCTYPE (and with it
// entity definitions) is refused.
class Parser {
public:
    explicit Parser(std::string_view text) : text_(text) {}

    Document parse() {
        if (text_.size() > kMaxPacketSize)
            fail(LK_ERR_FORMAT, "XMP packet: {} bytes, over the limit of {} bytes", text_.size(),
                 kMaxPacketSize);
        for (size_t k = 0; k < text_.size(); ++k) {
            const auto c = static_cast<unsigned char>(text_[k]);
            if (c < 0x20 && !is_space(char(c)))
                malformed(k, "control character 0x{:02X} (XML text cannot hold it)", c);
        }
        if (text_.substr(0, 3) == "\xEF\xBB\xBF") position_ = document_.xml_declaration_end = 3;
        while (position_ < text_.size()) {
            if (text_[position_] == '<') markup();
            else character_data();
        }
        if (!open_.empty())
            malformed(text_.size(), "<{}> is not closed at the end of the packet",
                      printable(document_.elements[open_.back()].qualified_name));
        if (document_.elements.empty()) malformed(text_.size(), "no root element");
        return std::move(document_);
    }

private:
    bool at(std::string_view token) const { return text_.substr(position_, token.size()) == token; }

    size_t find_or_fail(std::string_view terminator, const char* what) const {
        const size_t found = text_.find(terminator, position_);
        if (found == npos) malformed(position_, "unterminated {}", what);
        return found;
    }

    void skip_space() {
        while (position_ < text_.size() && is_space(text_[position_])) ++position_;
    }

    std::string_view name() {
        const size_t begin = position_;
        while (position_ < text_.size() && !is_space(text_[position_]) &&
               !std::strchr("/>=<'\"?", text_[position_]))
            ++position_;
        if (position_ == begin)
            malformed(begin, "expected a name, found {}",
                      position_ < text_.size() ? "'" + printable(text_.substr(position_, 1)) + "'"
                                               : std::string("the end"));
        return text_.substr(begin, position_ - begin);
    }

    void expect(char c, const char* where) {
        if (position_ >= text_.size() || text_[position_] != c)
            malformed(position_, "expected '{}' {}", c, where);
        ++position_;
    }

    void markup() {
        if (at("<?")) {
            position_ += 2;
            const std::string_view target = name();
            const size_t close = find_or_fail("?>", "processing instruction");
            const std::string_view data = text_.substr(position_, close - position_);
            position_ = close + 2;
            if (target == "xpacket") {
                const size_t first = data.find_first_not_of(" \t\r\n");
                if (first != npos && data.substr(first, 5) == "begin") document_.has_packet_begin = true;
                if (first != npos && data.substr(first, 3) == "end") document_.has_packet_end = true;
            } else if (target == "xml" && document_.elements.empty()) {
                document_.xml_declaration_end = position_;
            }
        } else if (at("<!--")) {
            position_ = find_or_fail("-->", "comment") + 3;
        } else if (at("<![CDATA[")) {
            if (open_.empty()) malformed(position_, "CDATA outside the root element");
            const size_t begin = position_ + 9;
            position_ = begin;
            const size_t close = find_or_fail("]]>", "CDATA section");
            document_.elements[open_.back()].text.append(text_.substr(begin, close - begin));
            position_ = close + 3;
        } else if (at("<!")) {
            malformed(position_, "a DOCTYPE or other declaration (XMP has none)");
        } else if (at("</")) {
            end_tag();
        } else {
            start_tag();
        }
    }

    void character_data() {
        const size_t begin = position_;
        position_ = std::min(text_.find('<', position_), text_.size());
        const std::string_view raw = text_.substr(begin, position_ - begin);
        if (open_.empty()) {
            const size_t stray = raw.find_first_not_of(" \t\r\n");
            if (stray != npos) malformed(begin + stray, "text outside the root element");
            return;
        }
        document_.elements[open_.back()].text += decode(raw, begin, false);
    }

    std::string resolve(std::string_view prefix, size_t at) const {
        if (prefix == "xml") return std::string(kXmlNamespace);
        if (const auto bound = bindings_.find(std::string(prefix));
            bound != bindings_.end() && !bound->second.empty())
            return bound->second.back();
        if (prefix.empty()) return {};
        malformed(at, "undeclared namespace prefix '{}'", printable(prefix));
    }

    static std::pair<std::string_view, std::string_view> split(std::string_view qualified_name) {
        const size_t colon = qualified_name.find(':');
        if (colon == npos) return {{}, qualified_name};
        return {qualified_name.substr(0, colon), qualified_name.substr(colon + 1)};
    }

    void start_tag() {
        if (open_.empty() && !document_.elements.empty())
            malformed(position_, "a second root element");
        if (open_.size() >= kMaxDepth)
            malformed(position_, "elements nested deeper than {} levels", kMaxDepth);
        Element element;
        element.begin = position_;
        element.depth = open_.size();
        ++position_;
        element.qualified_name = std::string(name());
        struct Raw {
            std::string_view qualified_name;
            std::string value;
            size_t begin, end;
            bool declaration;  // xmlns or xmlns:prefix
        };
        std::vector<Raw> raw_attributes;
        const size_t scope = declared_.size();
        while (true) {
            const size_t before_space = position_;
            skip_space();
            if (position_ >= text_.size()) malformed(position_, "unterminated start tag");
            if (at("/>") || at(">")) break;
            if (position_ == before_space) malformed(position_, "expected whitespace between attributes");
            const size_t begin = position_;
            const std::string_view qualified_name = name();
            skip_space();
            expect('=', "after an attribute name");
            skip_space();
            if (position_ >= text_.size() || (text_[position_] != '"' && text_[position_] != '\''))
                malformed(position_, "expected a quoted attribute value");
            const char quote = text_[position_++];
            const size_t close = find_or_fail(std::string_view(&quote, 1), "attribute value");
            const std::string_view raw = text_.substr(position_, close - position_);
            if (const size_t angle = raw.find('<'); angle != npos)
                malformed(position_ + angle, "'<' in an attribute value");
            std::string value = decode(raw, position_, true);
            position_ = close + 1;
            const bool declaration = qualified_name == "xmlns" || qualified_name.substr(0, 6) == "xmlns:";
            if (declaration) {
                const std::string_view prefix =
                    qualified_name.size() > 5 ? qualified_name.substr(6) : std::string_view();
                if (value.empty() && !prefix.empty())
                    malformed(begin, "empty namespace URI for prefix '{}'", printable(prefix));
                declared_.emplace_back(prefix);
                bindings_[declared_.back()].push_back(value);
            }
            raw_attributes.push_back({qualified_name, std::move(value), begin, position_, declaration});
        }
        // Sorted by name, then place: a repeated name shows up as neighbours (without the
        // quadratic cost of comparing every pair on an element with thousands of attributes).
        std::vector<std::pair<std::string_view, size_t>> seen;
        for (const Raw& raw : raw_attributes) seen.emplace_back(raw.qualified_name, raw.begin);
        std::sort(seen.begin(), seen.end());
        for (size_t k = 1; k < seen.size(); ++k)
            if (seen[k].first == seen[k - 1].first)
                malformed(seen[k].second, "attribute '{}' appears twice", printable(seen[k].first));
        const auto [prefix, local] = split(element.qualified_name);
        element.ns = resolve(prefix, element.begin);
        element.name = std::string(local);
        for (Raw& raw : raw_attributes) {
            if (raw.declaration) continue;
            const auto [attribute_prefix, attribute_name] = split(raw.qualified_name);
            // Unprefixed attributes are in no namespace, whatever the default namespace is.
            element.attributes.push_back(
                {attribute_prefix.empty() ? std::string() : resolve(attribute_prefix, raw.begin),
                 std::string(attribute_name), std::move(raw.value), raw.begin, raw.end});
        }
        const size_t index = document_.elements.size();
        if (!open_.empty()) {
            element.parent = open_.back();
            document_.elements[open_.back()].children.push_back(index);
        }
        if (at("/>")) {
            element.self_closing = true;
            element.content_end = position_;
            position_ += 2;
            element.end = position_;
            close_scope(scope);
        } else {
            ++position_;
            open_.push_back(index);
            scopes_.push_back(scope);
        }
        document_.elements.push_back(std::move(element));
    }

    void end_tag() {
        const size_t begin = position_;
        position_ += 2;
        const std::string_view qualified_name = name();
        skip_space();
        expect('>', "to close an end tag");
        if (open_.empty())
            malformed(begin, "end tag </{}> with no element open", printable(qualified_name));
        Element& element = document_.elements[open_.back()];
        if (element.qualified_name != qualified_name)
            malformed(begin, "end tag </{}> where </{}> was expected", printable(qualified_name),
                      printable(element.qualified_name));
        element.content_end = begin;
        element.end = position_;
        open_.pop_back();
        close_scope(scopes_.back());
        scopes_.pop_back();
    }

    // Forgets the namespace declarations made since declared_ had `scope` entries.
    void close_scope(size_t scope) {
        while (declared_.size() > scope) {
            bindings_[declared_.back()].pop_back();
            declared_.pop_back();
        }
    }

    std::string_view text_;
    size_t position_ = 0;
    Document document_;
    std::vector<size_t> open_;    // indices of the open elements, outermost first
    std::vector<size_t> scopes_;  // per open element, declared_.size() before its declarations
    std::vector<std::string> declared_;  // the prefixes declared by the open elements, in order
    std::unordered_map<std::string, std::vector<std::string>> bindings_;  // prefix -> URIs, innermost last
};

// One property the record maps to: its name in the packets we write, how to state a record's
// value ("" for none) and how to take one back.
struct Property {
    const char* prefix;
    const char* ns;
    const char* name;
    std::string (*state)(const Record&);
    void (*take)(Record&, std::string value, size_t at);
};

std::string_view trim(std::string_view text) {
    const size_t first = text.find_first_not_of(" \t\r\n");
    if (first == npos) return {};
    return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

template <typename Integer>
Integer parse_number(std::string_view value, int base, size_t max_digits, const char* property,
                     const char* expected, size_t at) {
    const std::string_view digits = trim(value);
    Integer number = 0;
    const auto [end, error] =
        std::from_chars(digits.data(), digits.data() + digits.size(), number, base);
    if (digits.empty() || digits.size() > max_digits || error != std::errc() ||
        end != digits.data() + digits.size())
        malformed(at, "{} is '{}', expected {}", property, printable(value), expected);
    return number;
}

const Property kProperties[] = {
    {"Iptc4xmpExt", kIptcExtNamespace, "DigitalSourceType",
     [](const Record& r) { return r.digital_source_type; },
     [](Record& r, std::string value, size_t) { r.digital_source_type = std::move(value); }},
    {"xmp", kXmpBasicNamespace, "CreatorTool", [](const Record& r) { return r.software; },
     [](Record& r, std::string value, size_t) { r.software = std::move(value); }},
    {"Iptc4xmpExt", kIptcExtNamespace, "AISystemUsed", [](const Record& r) { return r.model_name; },
     [](Record& r, std::string value, size_t) { r.model_name = std::move(value); }},
    {"Iptc4xmpExt", kIptcExtNamespace, "AIPromptInformation",
     [](const Record& r) { return r.prompt; },
     [](Record& r, std::string value, size_t) { r.prompt = std::move(value); }},
    {"lkp", kLikenessNamespace, "ModelHash", [](const Record& r) { return r.model_hash; },
     [](Record& r, std::string value, size_t) { r.model_hash = std::move(value); }},
    {"lkp", kLikenessNamespace, "Seed",
     [](const Record& r) { return r.seed ? std::to_string(*r.seed) : std::string(); },
     [](Record& r, std::string value, size_t at) {
         r.seed = parse_number<uint64_t>(value, 10, 20, "lkp:Seed", "a decimal number below 2^64", at);
     }},
    {"lkp", kLikenessNamespace, "WatermarkPayload",
     [](const Record& r) {
         return r.watermark_payload ? fmt::format("{:08x}", *r.watermark_payload) : std::string();
     },
     [](Record& r, std::string value, size_t at) {
         if (trim(value).size() != 8)
             malformed(at, "lkp:WatermarkPayload is '{}', expected 8 hex digits", printable(value));
         r.watermark_payload =
             parse_number<uint32_t>(value, 16, 8, "lkp:WatermarkPayload", "8 hex digits", at);
     }},
};

const Property* property_of(std::string_view ns, std::string_view name) {
    for (const Property& property : kProperties)
        if (ns == property.ns && name == property.name) return &property;
    return nullptr;
}

// The top-level rdf:Description elements: where the properties of the packet's subject live.
std::vector<const Element*> descriptions(const Document& document) {
    std::vector<const Element*> found;
    for (const Element& rdf : document.elements) {
        if (!rdf.is(kRdfNamespace, "RDF")) continue;
        for (const size_t child : rdf.children)
            if (document.elements[child].is(kRdfNamespace, "Description"))
                found.push_back(&document.elements[child]);
    }
    return found;
}

// A property element's text: rdf:resource, the x-default (else first) item of an rdf:Alt, the
// first item of an rdf:Bag or rdf:Seq, or its character data. None for other shapes (structures).
std::optional<std::string> element_value(const Document& document, const Element& element) {
    if (const Attribute* resource = element.attribute(kRdfNamespace, "resource"))
        return resource->value;
    if (element.children.empty()) return element.text;
    const Element& container = document.elements[element.children.front()];
    if (!container.is(kRdfNamespace, "Alt") && !container.is(kRdfNamespace, "Bag") &&
        !container.is(kRdfNamespace, "Seq"))
        return std::nullopt;
    const Element* chosen = nullptr;
    for (const size_t index : container.children) {
        const Element& item = document.elements[index];
        if (!item.is(kRdfNamespace, "li")) continue;
        if (!chosen) chosen = &item;
        const Attribute* language = item.attribute(kXmlNamespace, "lang");
        if (language && language->value == "x-default") {
            chosen = &item;
            break;
        }
    }
    if (!chosen || !chosen->children.empty()) return std::nullopt;
    return chosen->text;
}

std::string escape(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            // A literal CR would come back as LF: XML normalizes line ends.
            case '\r': out += "&#13;"; break;
            default: out += c;
        }
    }
    return out;
}

// What a packet without an rdf:Description of its own is: the wrapper ours goes into.
constexpr std::string_view kEmptyPacket =
    "<?xpacket begin=\"\xEF\xBB\xBF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
    "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
    " <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
    " </rdf:RDF>\n"
    "</x:xmpmeta>\n"
    "<?xpacket end=\"w\"?>";

// Our rdf:Description, for the subject `about`; empty when the record states nothing.
std::string description(const Record& record, std::string_view about) {
    std::string namespaces, properties;
    for (const Property& property : kProperties) {
        const std::string value = property.state(record);
        if (value.empty()) continue;
        // printable() rewrites exactly what XML text cannot hold (invalid UTF-8, control
        // characters), once tab and line ends, which XML allows, are out of its way.
        std::string spaced = value;
        std::replace_if(spaced.begin(), spaced.end(),
                        [](char c) { return c == '\t' || c == '\n' || c == '\r'; }, ' ');
        if (printable(spaced) != spaced)
            fail(LK_ERR_INVALID_ARGUMENT,
                 "provenance {}:{} is '{}', expected UTF-8 text without control characters "
                 "other than tab and line ends",
                 property.prefix, property.name, printable(value));
        const std::string declaration = fmt::format("\n    xmlns:{}=\"{}\"", property.prefix, property.ns);
        if (namespaces.find(declaration) == npos) namespaces += declaration;
        properties += fmt::format("   <{0}:{1}>{2}</{0}:{1}>\n", property.prefix, property.name,
                                  escape(value));
    }
    if (properties.empty()) return {};
    return fmt::format("\n  <rdf:Description rdf:about=\"{}\"\n    xmlns:rdf=\"{}\"{}>\n{}"
                       "  </rdf:Description>",
                       escape(about), kRdfNamespace, namespaces, properties);
}

size_t space_before(std::string_view text, size_t position) {
    while (position > 0 && is_space(text[position - 1])) --position;
    return position;
}

}  // namespace

std::string write_xmp(const Record& record, std::string_view existing) {
    const std::string_view packet = existing.empty() ? kEmptyPacket : existing;
    const Document document = Parser(packet).parse();
    const auto rdf = std::find_if(document.elements.begin(), document.elements.end(),
                                  [](const Element& e) { return e.is(kRdfNamespace, "RDF"); });
    if (rdf == document.elements.end())
        fail(LK_ERR_FORMAT, "XMP packet: no rdf:RDF element, expected x:xmpmeta/rdf:RDF");
    // Our properties sit two levels below rdf:RDF, and must be readable again.
    if (rdf->depth + 2 >= kMaxDepth)
        malformed(rdf->begin, "rdf:RDF nested {} levels deep, expected at most {}", rdf->depth,
                  kMaxDepth - 3);

    // Byte ranges to replace: the statements of the properties ours replaces, wherever the packet
    // makes them, and the end of rdf:RDF, where ours goes.
    struct Edit {
        size_t begin, end;
        std::string text;
    };
    std::vector<Edit> edits;
    std::string about;
    bool about_found = false;
    for (const Element* subject : descriptions(document)) {
        if (const Attribute* attribute = subject->attribute(kRdfNamespace, "about");
            attribute && !about_found) {
            about = attribute->value;
            about_found = true;
        }
        for (const Attribute& attribute : subject->attributes) {
            const Property* property = property_of(attribute.ns, attribute.name);
            if (property && !property->state(record).empty())
                edits.push_back({space_before(packet, attribute.begin), attribute.end, {}});
        }
        for (const size_t index : subject->children) {
            const Element& element = document.elements[index];
            const Property* property = property_of(element.ns, element.name);
            if (property && !property->state(record).empty())
                edits.push_back({space_before(packet, element.begin), element.end, {}});
        }
    }
    const std::string ours = description(record, about);
    if (rdf->self_closing)  // <rdf:RDF .../> becomes <rdf:RDF ...>ours</rdf:RDF>
        edits.push_back({rdf->content_end, rdf->end, '>' + ours + "\n </" + rdf->qualified_name + '>'});
    else
        edits.push_back({space_before(packet, rdf->content_end), space_before(packet, rdf->content_end), ours});
    std::sort(edits.begin(), edits.end(),
              [](const Edit& a, const Edit& b) { return std::tie(a.begin, a.end) < std::tie(b.begin, b.end); });

    std::string out;
    out.reserve(packet.size() + ours.size() + kEmptyPacket.size());
    const size_t wrapper_at = document.xml_declaration_end;
    out.append(packet.substr(0, wrapper_at));
    if (!document.has_packet_begin) out.append(kEmptyPacket.substr(0, kEmptyPacket.find('\n') + 1));
    size_t copied = wrapper_at;
    for (const Edit& edit : edits) {
        // A statement nested in one already taken out (rdf:RDF inside a property) went with it.
        if (edit.begin < copied) continue;
        out.append(packet.substr(copied, edit.begin - copied));
        out.append(edit.text);
        copied = edit.end;
    }
    out.append(packet.substr(copied));
    if (!document.has_packet_end) out.append(kEmptyPacket.substr(kEmptyPacket.rfind('\n')));
    return out;
}

Record read_xmp(std::string_view packet) {
    const Document document = Parser(packet).parse();
    Record record;
    std::vector<const Property*> taken;
    const auto take = [&](const Property* property, std::optional<std::string> value, size_t at) {
        // The first statement wins; a well-formed packet has one per property.
        if (!property || !value ||
            std::find(taken.begin(), taken.end(), property) != taken.end())
            return;
        property->take(record, std::move(*value), at);
        taken.push_back(property);
    };
    for (const Element* subject : descriptions(document)) {
        for (const Attribute& attribute : subject->attributes)
            take(property_of(attribute.ns, attribute.name), attribute.value, attribute.begin);
        for (const size_t index : subject->children) {
            const Element& element = document.elements[index];
            const Property* property = property_of(element.ns, element.name);
            if (property) take(property, element_value(document, element), element.begin);
        }
    }
    return record;
}

}  // namespace lk::provenance
