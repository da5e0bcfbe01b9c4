#pragma once
// AMD EPYC generations that support SEV-SNP. The product decides the TCB_VERSION layout and
// which AMD root key (ARK) endorses the chip.

#include <cstdint>
#include <optional>
#include <string_view>

namespace veil::evidence::snp {

enum class Product { kMilan, kGenoa, kTurin };

std::string_view ProductName(Product product);  // "Milan"
// Accepts "Milan", "Milan-B0", "Genoa-B1", "Turin" ... (the prefix before '-').
std::optional<Product> ProductFromName(std::string_view name);
// From the report's CPUID fields (report version 3+): family 19h models 0h-Fh Milan,
// 10h-1Fh and A0h-AFh Genoa; family 1Ah models 00h-11h Turin.
std::optional<Product> ProductFromCpuid(std::uint8_t family, std::uint8_t model);

}  // namespace veil::evidence::snp
