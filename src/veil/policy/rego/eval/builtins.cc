#include "veil/policy/rego/eval/builtins.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <chrono>
#include <cmath>
#include <iterator>
#include <limits>
#include <nlohmann/json.hpp>
#include <string>

#include "veil/base/base64.h"
#include "veil/base/hex.h"
#include "veil/base/rfc3339.h"
#include "veil/policy/rego/eval/regex.h"

namespace veil::policy::rego::eval {
namespace {

using Args = std::span<const Value>;
using Output = Result<std::optional<Value>>;

// A wrong type or a failed operation: the expression is undefined (non-strict mode).
Output Undefined() { return std::optional<Value>(); }
Output Return(Value value) { return std::optional<Value>(std::move(value)); }

Error TooLarge(std::string_view name, std::size_t bound) {
  return InvalidArgument("rego: " + std::string(name) + " would produce more than " +
                         std::to_string(bound) + " elements (evaluation limit)");
}

// Code points in UTF-8 text (OPA counts and indexes strings by rune). Continuation bytes are
// those of the form 10xxxxxx.
std::size_t CountRunes(std::string_view text) {
  return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

// Byte offset of the rune at `rune_index` (text.size() when past the end).
std::size_t RuneOffset(std::string_view text, std::size_t rune_index) {
  std::size_t runes = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) continue;
    if (runes == rune_index) return i;
    ++runes;
  }
  return text.size();
}

Output Count(Args args, const BuiltinContext&) {
  const Value& v = args[0];
  if (v.is_string())
    return Return(Value::Integer(static_cast<std::int64_t>(CountRunes(v.string()))));
  if (v.is_array() || v.is_set() || v.is_object()) {
    return Return(Value::Integer(static_cast<std::int64_t>(v.size())));
  }
  return Undefined();
}

bool AllNumbers(const Value& collection) {
  if (!collection.is_array() && !collection.is_set()) return false;
  return std::all_of(collection.items().begin(), collection.items().end(),
                     [](const Value& v) { return v.is_number(); });
}

Output Sum(Args args, const BuiltinContext&) {
  if (!AllNumbers(args[0])) return Undefined();
  std::int64_t integer_sum = 0;
  bool exact = true;
  double sum = 0;
  for (const Value& v : args[0].items()) {
    sum += v.number();
    if (exact &&
        (!v.is_integer() || __builtin_add_overflow(integer_sum, v.integer(), &integer_sum))) {
      exact = false;
    }
  }
  return Return(exact ? Value::Integer(integer_sum) : Value::Double(sum));
}

Output Extremum(Args args, bool want_max) {
  const Value& v = args[0];
  if (!v.is_array() && !v.is_set()) return Undefined();
  if (v.items().empty()) return Undefined();
  auto it = want_max ? std::max_element(v.items().begin(), v.items().end())
                     : std::min_element(v.items().begin(), v.items().end());
  return Return(*it);
}
Output Max(Args args, const BuiltinContext&) { return Extremum(args, true); }
Output Min(Args args, const BuiltinContext&) { return Extremum(args, false); }

Output Abs(Args args, const BuiltinContext&) {
  const Value& v = args[0];
  if (!v.is_number()) return Undefined();
  if (v.is_integer() && v.integer() != std::numeric_limits<std::int64_t>::min()) {
    return Return(Value::Integer(v.integer() < 0 ? -v.integer() : v.integer()));
  }
  return Return(Value::Double(std::fabs(v.number())));
}

// ---- objects ----

Output ObjectGet(Args args, const BuiltinContext&) {
  const Value& object = args[0];
  if (!object.is_object()) return Undefined();
  if (args[1].is_array()) {  // a path of keys
    const Value* at = &object;
    for (const Value& key : args[1].items()) {
      if (at->is_array() && key.is_integer() && key.integer() >= 0 &&
          static_cast<std::size_t>(key.integer()) < at->items().size()) {
        at = &at->items()[static_cast<std::size_t>(key.integer())];
        continue;
      }
      const Value* next = at->is_object() || at->is_set() ? at->Find(key) : nullptr;
      if (next == nullptr) return Return(args[2]);
      at = next;
    }
    return Return(*at);
  }
  const Value* found = object.Find(args[1]);
  return Return(found != nullptr ? *found : args[2]);
}

Output ObjectKeys(Args args, const BuiltinContext&) {
  if (!args[0].is_object()) return Undefined();
  ValueList keys;
  for (const auto& [key, value] : args[0].object_items()) keys.push_back(key);
  return Return(Value::Set(std::move(keys)));
}

// object.union: b's keys win; where both values are objects, they are merged recursively.
// Both item lists are sorted by key, so one merging walk suffices.
Value MergeObjects(const Value& a, const Value& b) {
  const ObjectItems& left = a.object_items();
  const ObjectItems& right = b.object_items();
  ObjectItems items;
  items.reserve(left.size() + right.size());
  std::size_t i = 0;
  std::size_t j = 0;
  while (i < left.size() || j < right.size()) {
    const int order = i == left.size()    ? 1
                      : j == right.size() ? -1
                                          : Compare(left[i].first, right[j].first);
    if (order < 0) {
      items.push_back(left[i++]);
    } else if (order > 0) {
      items.push_back(right[j++]);
    } else {
      const bool both_objects = left[i].second.is_object() && right[j].second.is_object();
      items.emplace_back(right[j].first, both_objects
                                             ? MergeObjects(left[i].second, right[j].second)
                                             : right[j].second);
      ++i;
      ++j;
    }
  }
  return Value::Object(std::move(items));
}

Output ObjectUnion(Args args, const BuiltinContext&) {
  if (!args[0].is_object() || !args[1].is_object()) return Undefined();
  return Return(MergeObjects(args[0], args[1]));
}

Output ObjectUnionN(Args args, const BuiltinContext& context) {
  if (!args[0].is_array()) return Undefined();
  Value merged = Value::Object({});
  for (const Value& object : args[0].items()) {
    if (!object.is_object()) return Undefined();
    merged = MergeObjects(merged, object);
    if (merged.size() > context.max_collection_size) {
      return Fail(TooLarge("object.union_n", context.max_collection_size));
    }
  }
  return Return(merged);
}

bool IsSubset(const Value& super, const Value& sub);

bool ArrayContainsRun(const ValueList& super, const ValueList& sub) {
  if (sub.empty()) return true;
  return std::search(super.begin(), super.end(), sub.begin(), sub.end()) != super.end();
}

// OPA's object.subset: objects recursively by key, sets by membership, an array as a contiguous
// run within an array, a set's members within an array; anything else by equality.
bool IsSubset(const Value& super, const Value& sub) {
  if (super.is_object() && sub.is_object()) {
    return std::all_of(sub.object_items().begin(), sub.object_items().end(), [&](const auto& item) {
      const Value* value = super.Find(item.first);
      return value != nullptr && IsSubset(*value, item.second);
    });
  }
  if (super.is_set() && sub.is_set()) {
    return std::all_of(sub.items().begin(), sub.items().end(),
                       [&](const Value& v) { return super.Find(v) != nullptr; });
  }
  if (super.is_array() && sub.is_array()) return ArrayContainsRun(super.items(), sub.items());
  if (super.is_array() && sub.is_set()) {
    return std::all_of(sub.items().begin(), sub.items().end(), [&](const Value& v) {
      return std::find(super.items().begin(), super.items().end(), v) != super.items().end();
    });
  }
  return super == sub;
}

Output ObjectSubset(Args args, const BuiltinContext&) {
  const bool collections = (args[0].is_object() || args[0].is_set() || args[0].is_array()) &&
                           (args[1].is_object() || args[1].is_set() || args[1].is_array());
  if (!collections) return Undefined();
  return Return(Value::Boolean(IsSubset(args[0], args[1])));
}

Output ArrayConcat(Args args, const BuiltinContext& context) {
  if (!args[0].is_array() || !args[1].is_array()) return Undefined();
  if (args[0].size() + args[1].size() > context.max_collection_size) {
    return Fail(TooLarge("array.concat", context.max_collection_size));
  }
  ValueList items = args[0].items();
  items.insert(items.end(), args[1].items().begin(), args[1].items().end());
  return Return(Value::Array(std::move(items)));
}

Output ArraySlice(Args args, const BuiltinContext&) {
  if (!args[0].is_array() || !args[1].is_integer() || !args[2].is_integer()) return Undefined();
  const auto size = static_cast<std::int64_t>(args[0].size());
  const std::int64_t start = std::clamp<std::int64_t>(args[1].integer(), 0, size);
  const std::int64_t stop = std::clamp<std::int64_t>(args[2].integer(), start, size);
  const ValueList& items = args[0].items();
  return Return(Value::Array(ValueList(items.begin() + start, items.begin() + stop)));
}

// numbers.range(a, b): the integers from a to b inclusive, counting down when b < a.
Output NumbersRange(Args args, const BuiltinContext& context) {
  if (!args[0].is_integer() || !args[1].is_integer()) return Undefined();
  const std::int64_t from = args[0].integer();
  const std::int64_t to = args[1].integer();
  const std::uint64_t span =
      from <= to ? static_cast<std::uint64_t>(to) - static_cast<std::uint64_t>(from)
                 : static_cast<std::uint64_t>(from) - static_cast<std::uint64_t>(to);
  if (span >= context.max_collection_size) {
    return Fail(TooLarge("numbers.range", context.max_collection_size));
  }
  ValueList items;
  items.reserve(static_cast<std::size_t>(span) + 1);
  for (std::uint64_t i = 0; i <= span; ++i) {
    const auto step = static_cast<std::int64_t>(i);
    items.push_back(Value::Integer(from <= to ? from + step : from - step));
  }
  return Return(Value::Array(std::move(items)));
}

Output Sort(Args args, const BuiltinContext&) {
  if (!args[0].is_array() && !args[0].is_set()) return Undefined();
  ValueList items = args[0].items();
  std::sort(items.begin(), items.end());
  return Return(Value::Array(std::move(items)));
}

// union / intersection of a set of sets.
Output SetsCombined(Args args, bool intersect) {
  if (!args[0].is_set()) return Undefined();
  std::optional<ValueList> result;
  for (const Value& set : args[0].items()) {
    if (!set.is_set()) return Undefined();
    if (!result) {
      result = set.items();
      continue;
    }
    ValueList next;
    if (intersect) {
      std::set_intersection(result->begin(), result->end(), set.items().begin(), set.items().end(),
                            std::back_inserter(next));
    } else {
      std::set_union(result->begin(), result->end(), set.items().begin(), set.items().end(),
                     std::back_inserter(next));
    }
    result = std::move(next);
  }
  return Return(Value::Set(result ? std::move(*result) : ValueList{}));
}
Output Union(Args args, const BuiltinContext&) { return SetsCombined(args, false); }
Output Intersection(Args args, const BuiltinContext&) { return SetsCombined(args, true); }

// object.remove(object, keys): keys an array, set or object (its keys).
Output ObjectRemove(Args args, const BuiltinContext&) {
  if (!args[0].is_object()) return Undefined();
  ValueList keys;
  if (args[1].is_array() || args[1].is_set()) {
    keys = args[1].items();
  } else if (args[1].is_object()) {
    for (const auto& item : args[1].object_items()) keys.push_back(item.first);
  } else {
    return Undefined();
  }
  const Value removed = Value::Set(std::move(keys));
  ObjectItems kept;
  for (const auto& item : args[0].object_items()) {
    if (removed.Find(item.first) == nullptr) kept.push_back(item);
  }
  return Return(Value::Object(std::move(kept)));
}

// ---- strings ----

bool BothStrings(Args args) { return args[0].is_string() && args[1].is_string(); }

Output StartsWith(Args args, const BuiltinContext&) {
  if (!BothStrings(args)) return Undefined();
  return Return(Value::Boolean(args[0].string().starts_with(args[1].string())));
}
Output EndsWith(Args args, const BuiltinContext&) {
  if (!BothStrings(args)) return Undefined();
  return Return(Value::Boolean(args[0].string().ends_with(args[1].string())));
}
Output Contains(Args args, const BuiltinContext&) {
  if (!BothStrings(args)) return Undefined();
  return Return(Value::Boolean(args[0].string().find(args[1].string()) != std::string::npos));
}

// ASCII case mapping; OPA maps Unicode letters too (docs/LIMITATIONS.md material).
Output MapCase(Args args, bool upper) {
  if (!args[0].is_string()) return Undefined();
  std::string text = args[0].string();
  for (char& c : text) {
    const auto u = static_cast<unsigned char>(c);
    c = static_cast<char>(upper ? std::toupper(u) : std::tolower(u));
  }
  return Return(Value::String(std::move(text)));
}
Output Lower(Args args, const BuiltinContext&) { return MapCase(args, false); }
Output Upper(Args args, const BuiltinContext&) { return MapCase(args, true); }

Output Split(Args args, const BuiltinContext& context) {
  if (!BothStrings(args)) return Undefined();
  const std::string& text = args[0].string();
  const std::string& separator = args[1].string();
  ValueList parts;
  if (separator.empty()) {  // Go's strings.Split: one element per rune
    for (std::size_t i = 0; i < text.size();) {
      std::size_t next = i + 1;
      while (next < text.size() && (static_cast<unsigned char>(text[next]) & 0xC0) == 0x80) ++next;
      parts.push_back(Value::String(text.substr(i, next - i)));
      i = next;
    }
  } else {
    std::size_t start = 0;
    for (std::size_t at; (at = text.find(separator, start)) != std::string::npos;) {
      parts.push_back(Value::String(text.substr(start, at - start)));
      start = at + separator.size();
      if (parts.size() > context.max_collection_size) {
        return Fail(TooLarge("split", context.max_collection_size));
      }
    }
    parts.push_back(Value::String(text.substr(start)));
  }
  return Return(Value::Array(std::move(parts)));
}

Output Concat(Args args, const BuiltinContext& context) {
  if (!args[0].is_string() || !(args[1].is_array() || args[1].is_set())) return Undefined();
  std::string joined;
  bool first = true;
  for (const Value& part : args[1].items()) {
    if (!part.is_string()) return Undefined();
    if (!first) joined += args[0].string();
    first = false;
    joined += part.string();
    if (joined.size() > context.max_collection_size) {
      return Fail(TooLarge("concat", context.max_collection_size));
    }
  }
  return Return(Value::String(std::move(joined)));
}

Output TrimWith(Args args, bool left, bool right) {
  if (!BothStrings(args)) return Undefined();
  const std::string& text = args[0].string();
  const std::string& cutset = args[1].string();
  std::size_t begin = 0;
  std::size_t end = text.size();
  if (left) begin = std::min(text.find_first_not_of(cutset), text.size());
  if (right) {
    const std::size_t last = text.find_last_not_of(cutset);
    end = last == std::string::npos ? begin : last + 1;
  }
  return Return(Value::String(begin < end ? text.substr(begin, end - begin) : ""));
}
Output Trim(Args args, const BuiltinContext&) { return TrimWith(args, true, true); }
Output TrimLeft(Args args, const BuiltinContext&) { return TrimWith(args, true, false); }
Output TrimRight(Args args, const BuiltinContext&) { return TrimWith(args, false, true); }
Output TrimSpace(Args args, const BuiltinContext&) {
  const std::array<Value, 2> with_spaces = {args[0], Value::String(" \t\n\r\v\f")};
  return args[0].is_string() ? TrimWith(with_spaces, true, true) : Undefined();
}
Output TrimPrefix(Args args, const BuiltinContext&) {
  if (!BothStrings(args)) return Undefined();
  const std::string& text = args[0].string();
  if (!text.starts_with(args[1].string())) return Return(args[0]);
  return Return(Value::String(text.substr(args[1].string().size())));
}
Output TrimSuffix(Args args, const BuiltinContext&) {
  if (!BothStrings(args)) return Undefined();
  const std::string& text = args[0].string();
  if (!text.ends_with(args[1].string())) return Return(args[0]);
  return Return(Value::String(text.substr(0, text.size() - args[1].string().size())));
}

// replace(text, old, new): every occurrence, left to right.
Output Replace(Args args, const BuiltinContext& context) {
  if (!args[0].is_string() || !args[1].is_string() || !args[2].is_string()) return Undefined();
  const std::string& text = args[0].string();
  const std::string& old = args[1].string();
  if (old.empty()) return Undefined();  // Go inserts between every rune; not needed by policies
  std::string out;
  std::size_t start = 0;
  for (std::size_t at; (at = text.find(old, start)) != std::string::npos;) {
    out.append(text, start, at - start);
    out += args[2].string();
    start = at + old.size();
    if (out.size() > context.max_collection_size) {
      return Fail(TooLarge("replace", context.max_collection_size));
    }
  }
  out.append(text, start);
  return Return(Value::String(std::move(out)));
}

// substring(text, offset, length) by rune; a negative length means "to the end".
Output Substring(Args args, const BuiltinContext&) {
  if (!args[0].is_string() || !args[1].is_integer() || !args[2].is_integer()) return Undefined();
  if (args[1].integer() < 0) return Undefined();
  const std::string& text = args[0].string();
  const auto offset = static_cast<std::size_t>(args[1].integer());
  const std::size_t begin = RuneOffset(text, offset);
  if (args[2].integer() < 0) return Return(Value::String(text.substr(begin)));
  const auto length = static_cast<std::size_t>(args[2].integer());
  const std::size_t end =
      length > CountRunes(text) ? text.size() : RuneOffset(text, offset + length);
  return Return(Value::String(text.substr(begin, end - begin)));
}

Output IndexOf(Args args, const BuiltinContext&) {
  if (!BothStrings(args)) return Undefined();
  const std::size_t at = args[0].string().find(args[1].string());
  if (at == std::string::npos) return Return(Value::Integer(-1));
  return Return(Value::Integer(
      static_cast<std::int64_t>(CountRunes(std::string_view(args[0].string()).substr(0, at)))));
}

Output ToNumber(Args args, const BuiltinContext&) {
  const Value& v = args[0];
  if (v.is_number()) return Return(v);
  if (v.is_null()) return Return(Value::Integer(0));
  if (v.is_boolean()) return Return(Value::Integer(v.boolean() ? 1 : 0));
  if (!v.is_string()) return Undefined();
  const nlohmann::json parsed = nlohmann::json::parse(v.string(), nullptr, false);
  if (parsed.is_discarded() || !parsed.is_number()) return Undefined();
  auto converted = FromJson(parsed);
  if (!converted) return Undefined();
  return Return(*converted);
}

// sprintf(format, [args]): Go's verbs %v %s %d %f %x %q %t and %%. A string formats as its
// text, anything else as Rego text. An unknown verb or a missing argument: undefined.
std::optional<std::string> FormatArg(char verb, const Value& arg) {
  switch (verb) {
    case 'v':
    case 's':
      return arg.is_string() ? arg.string() : ToRegoText(arg);
    case 'q':
      return ToRegoText(arg.is_string() ? arg : Value::String(ToRegoText(arg)));
    case 'd':
      if (!arg.is_integer()) return std::nullopt;
      return std::to_string(arg.integer());
    case 't':
      if (!arg.is_boolean()) return std::nullopt;
      return ToRegoText(arg);
    case 'f': {
      if (!arg.is_number()) return std::nullopt;
      std::array<char, 64> buffer{};
      const int n = std::snprintf(buffer.data(), buffer.size(), "%f", arg.number());
      return std::string(buffer.data(), static_cast<std::size_t>(std::max(n, 0)));
    }
    case 'x': {
      if (arg.is_integer() && arg.integer() >= 0) {
        std::array<char, 32> digits{};
        auto [end, ec] = std::to_chars(digits.data(), digits.data() + digits.size(),
                                       static_cast<std::uint64_t>(arg.integer()), 16);
        return std::string(digits.data(), end);
      }
      if (!arg.is_string()) return std::nullopt;
      return HexEncode(AsBytes(arg.string()));
    }
    default:
      return std::nullopt;
  }
}

Output Sprintf(Args args, const BuiltinContext& context) {
  if (!args[0].is_string() || !args[1].is_array()) return Undefined();
  const std::string& format = args[0].string();
  const ValueList& values = args[1].items();
  std::string out;
  std::size_t next = 0;
  for (std::size_t i = 0; i < format.size(); ++i) {
    if (format[i] != '%') {
      out += format[i];
      continue;
    }
    if (++i == format.size()) return Undefined();
    if (format[i] == '%') {
      out += '%';
      continue;
    }
    if (next == values.size()) return Undefined();
    std::optional<std::string> text = FormatArg(format[i], values[next++]);
    if (!text) return Undefined();
    out += *text;
    if (out.size() > context.max_collection_size) {
      return Fail(TooLarge("sprintf", context.max_collection_size));
    }
  }
  return Return(Value::String(std::move(out)));
}

// ---- encodings ----

std::string AsText(const Bytes& bytes) { return {bytes.begin(), bytes.end()}; }

Output Base64EncodeBuiltin(Args args, const BuiltinContext&) {
  if (!args[0].is_string()) return Undefined();
  return Return(Value::String(Base64Encode(AsBytes(args[0].string()))));
}
Output Base64DecodeBuiltin(Args args, const BuiltinContext&) {
  if (!args[0].is_string()) return Undefined();
  auto decoded = Base64Decode(args[0].string());
  return decoded ? Return(Value::String(AsText(*decoded))) : Undefined();
}
Output Base64UrlEncodeNoPad(Args args, const BuiltinContext&) {
  if (!args[0].is_string()) return Undefined();
  return Return(Value::String(Base64UrlEncode(AsBytes(args[0].string()))));
}
Output Base64UrlEncodePadded(Args args, const BuiltinContext&) {
  if (!args[0].is_string()) return Undefined();
  std::string text = Base64UrlEncode(AsBytes(args[0].string()));
  while (text.size() % 4 != 0) text += '=';
  return Return(Value::String(std::move(text)));
}
Output Base64UrlDecodeBuiltin(Args args, const BuiltinContext&) {
  if (!args[0].is_string()) return Undefined();
  std::string text = args[0].string();
  while (!text.empty() && text.back() == '=') text.pop_back();
  auto decoded = Base64UrlDecode(text);
  return decoded ? Return(Value::String(AsText(*decoded))) : Undefined();
}
Output HexEncodeBuiltin(Args args, const BuiltinContext&) {
  if (!args[0].is_string()) return Undefined();
  return Return(Value::String(HexEncode(AsBytes(args[0].string()))));
}
Output HexDecodeBuiltin(Args args, const BuiltinContext&) {
  if (!args[0].is_string()) return Undefined();
  auto decoded = HexDecode(args[0].string());
  return decoded ? Return(Value::String(AsText(*decoded))) : Undefined();
}

Output JsonMarshal(Args args, const BuiltinContext&) {
  auto json = ToJson(args[0]);
  if (!json) return Undefined();
  return Return(
      Value::String(json->dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)));
}
Output JsonUnmarshal(Args args, const BuiltinContext&) {
  if (!args[0].is_string()) return Undefined();
  const nlohmann::json parsed = nlohmann::json::parse(args[0].string(), nullptr, false);
  if (parsed.is_discarded()) return Undefined();
  auto converted = FromJson(parsed);
  return converted ? Return(*converted) : Undefined();
}

// ---- time ----

std::int64_t Nanoseconds(TimePoint at) {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(at.time_since_epoch()).count();
}
Output TimeNowNs(Args, const BuiltinContext& context) {
  if (!context.now) return Undefined();
  return Return(Value::Integer(Nanoseconds(*context.now)));
}
Output TimeParseRfc3339Ns(Args args, const BuiltinContext&) {
  if (!args[0].is_string()) return Undefined();
  auto at = ParseRfc3339(args[0].string());
  return at ? Return(Value::Integer(Nanoseconds(*at))) : Undefined();
}

// ---- types ----

template <Value::Kind kKind>
Output IsKind(Args args, const BuiltinContext&) {
  return Return(Value::Boolean(args[0].kind() == kKind));
}
Output TypeName(Args args, const BuiltinContext&) {
  return Return(Value::String(args[0].TypeName()));
}

constexpr std::array kBuiltins = {
    Builtin{"abs", 1, &Abs},
    Builtin{"array.concat", 2, &ArrayConcat},
    Builtin{"array.slice", 3, &ArraySlice},
    Builtin{"base64.decode", 1, &Base64DecodeBuiltin},
    Builtin{"base64.encode", 1, &Base64EncodeBuiltin},
    Builtin{"base64url.decode", 1, &Base64UrlDecodeBuiltin},
    Builtin{"base64url.encode", 1, &Base64UrlEncodePadded},
    Builtin{"base64url.encode_no_pad", 1, &Base64UrlEncodeNoPad},
    Builtin{"concat", 2, &Concat},
    Builtin{"contains", 2, &Contains},
    Builtin{"count", 1, &Count},
    Builtin{"endswith", 2, &EndsWith},
    Builtin{"hex.decode", 1, &HexDecodeBuiltin},
    Builtin{"hex.encode", 1, &HexEncodeBuiltin},
    Builtin{"indexof", 2, &IndexOf},
    Builtin{"intersection", 1, &Intersection},
    Builtin{"is_array", 1, &IsKind<Value::Kind::kArray>},
    Builtin{"is_boolean", 1, &IsKind<Value::Kind::kBoolean>},
    Builtin{"is_null", 1, &IsKind<Value::Kind::kNull>},
    Builtin{"is_number", 1, &IsKind<Value::Kind::kNumber>},
    Builtin{"is_object", 1, &IsKind<Value::Kind::kObject>},
    Builtin{"is_set", 1, &IsKind<Value::Kind::kSet>},
    Builtin{"is_string", 1, &IsKind<Value::Kind::kString>},
    Builtin{"json.marshal", 1, &JsonMarshal},
    Builtin{"json.unmarshal", 1, &JsonUnmarshal},
    Builtin{"lower", 1, &Lower},
    Builtin{"max", 1, &Max},
    Builtin{"min", 1, &Min},
    Builtin{"numbers.range", 2, &NumbersRange},
    Builtin{"object.get", 3, &ObjectGet},
    Builtin{"object.keys", 1, &ObjectKeys},
    Builtin{"object.remove", 2, &ObjectRemove},
    Builtin{"object.subset", 2, &ObjectSubset},
    Builtin{"object.union", 2, &ObjectUnion},
    Builtin{"object.union_n", 1, &ObjectUnionN},
    Builtin{"regex.match", 2, &RegexMatch},
    Builtin{"replace", 3, &Replace},
    Builtin{"sort", 1, &Sort},
    Builtin{"split", 2, &Split},
    Builtin{"sprintf", 2, &Sprintf},
    Builtin{"startswith", 2, &StartsWith},
    Builtin{"substring", 3, &Substring},
    Builtin{"sum", 1, &Sum},
    Builtin{"time.now_ns", 0, &TimeNowNs},
    Builtin{"time.parse_rfc3339_ns", 1, &TimeParseRfc3339Ns},
    Builtin{"to_number", 1, &ToNumber},
    Builtin{"trim", 2, &Trim},
    Builtin{"trim_left", 2, &TrimLeft},
    Builtin{"trim_prefix", 2, &TrimPrefix},
    Builtin{"trim_right", 2, &TrimRight},
    Builtin{"trim_space", 1, &TrimSpace},
    Builtin{"trim_suffix", 2, &TrimSuffix},
    Builtin{"type_name", 1, &TypeName},
    Builtin{"union", 1, &Union},
    Builtin{"upper", 1, &Upper},
};

}  // namespace

const Builtin* FindBuiltin(std::string_view name) {
  for (const Builtin& builtin : kBuiltins) {
    if (builtin.name == name) return &builtin;
  }
  return nullptr;
}

}  // namespace veil::policy::rego::eval
