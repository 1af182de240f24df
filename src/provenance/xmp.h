// XMP packets: the provenance record written as one, and read back from packets that any tool
// (ours, exiftool, Adobe's) wrote.
#pragma once

#include "provenance/record.h"

#include <string>
#include <string_view>

namespace lk::provenance {

// Namespaces of the properties a record maps to (besides IPTC's and XMP's basic schema, our own
// for what no standard names: lkp:ModelHash, lkp:Seed in decimal, lkp:WatermarkPayload in 8 hex
// digits).
inline constexpr const char* kIptcExtNamespace = "http://iptc.org/std/Iptc4xmpExt/2008-02-29/";
inline constexpr const char* kXmpBasicNamespace = "http://ns.adobe.com/xap/1.0/";
inline constexpr const char* kLikenessNamespace = "urn:likeness:provenance:1.0#";

// A complete packet (xpacket wrapper, x:xmpmeta, rdf:RDF) with one rdf:Description stating the
// record's non-empty fields. Given an `existing` packet, the result is that packet with every byte
// kept, except that a property we write which it already states (in attribute or element form,
// under any prefix) is taken out, and our rdf:Description added to its rdf:RDF: no property ends
// up stated twice. LK_ERR_FORMAT when `existing` is not a well-formed packet;
// LK_ERR_INVALID_ARGUMENT for a field that is not UTF-8 text XML can carry.
std::string write_xmp(const Record& record, std::string_view existing = {});

// The record a packet states (fields it does not state stay empty): attribute and element forms,
// any prefix, rdf:resource, the first item (x-default for rdf:Alt) of an rdf:Alt/Bag/Seq.
// LK_ERR_FORMAT "XMP packet: <what>, at byte N" for malformed XML, and for a seed or watermark
// payload that is not a number in its expected form.
Record read_xmp(std::string_view packet);

}  // namespace lk::provenance
