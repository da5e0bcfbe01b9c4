#include "veil/evidence/snp/product.h"

namespace veil::evidence::snp {

std::string_view ProductName(Product product) {
  switch (product) {
    case Product::kMilan:
      return "Milan";
    case Product::kGenoa:
      return "Genoa";
    case Product::kTurin:
      return "Turin";
  }
  return "unknown";
}

std::optional<Product> ProductFromName(std::string_view name) {
  name = name.substr(0, name.find('-'));
  for (auto product : {Product::kMilan, Product::kGenoa, Product::kTurin}) {
    if (name == ProductName(product)) return product;
  }
  return std::nullopt;
}

std::optional<Product> ProductFromCpuid(std::uint8_t family, std::uint8_t model) {
  if (family == 0x19 && model <= 0x0f) return Product::kMilan;
  if (family == 0x19 && ((model >= 0x10 && model <= 0x1f) || (model >= 0xa0 && model <= 0xaf))) {
    return Product::kGenoa;
  }
  if (family == 0x1a && model <= 0x11) return Product::kTurin;
  return std::nullopt;
}

}  // namespace veil::evidence::snp
