#include "veil/kubernetes/yaml_documents.h"

namespace veil::kubernetes {
namespace {

bool IsMarkerLine(std::string_view line) {
  if (!line.starts_with("---")) return false;
  return line.size() == 3 || line[3] == ' ' || line[3] == '\t' || line[3] == '\n' ||
         line[3] == '\r';
}

}  // namespace

std::vector<YamlDocumentText> SplitYamlDocuments(std::string_view stream) {
  std::vector<YamlDocumentText> documents;
  YamlDocumentText current;
  std::size_t content_start = 0;
  std::size_t pos = 0;
  while (pos < stream.size()) {
    const std::size_t newline = stream.find('\n', pos);
    const std::size_t end = newline == std::string_view::npos ? stream.size() : newline + 1;
    const std::string_view line = stream.substr(pos, end - pos);
    if (IsMarkerLine(line)) {
      current.content = stream.substr(content_start, pos - content_start);
      if (!current.marker.empty() || !current.content.empty()) documents.push_back(current);
      current = YamlDocumentText{line, {}};
      content_start = end;
    }
    pos = end;
  }
  current.content = stream.substr(content_start);
  if (!current.marker.empty() || !current.content.empty()) documents.push_back(current);
  return documents;
}

}  // namespace veil::kubernetes
