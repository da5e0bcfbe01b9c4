#pragma once
// A YAML stream cut into its documents as text, so that a document Veil does not change is written
// back byte for byte (comments included). A line that starts with "---" followed by a space, a tab
// or its end is a document marker: YAML 1.2 (§9.1.2, c-forbidden) forbids such a line inside any
// document's content, so the cut needs no parsing.

#include <string_view>
#include <vector>

namespace veil::kubernetes {

struct YamlDocumentText {
  std::string_view marker;  // the "---" line with its newline; empty for a first, unmarked document
  std::string_view content;  // everything up to the next marker line
};

// The documents in order; concatenating every marker and content gives `stream` back exactly.
std::vector<YamlDocumentText> SplitYamlDocuments(std::string_view stream);

}  // namespace veil::kubernetes
