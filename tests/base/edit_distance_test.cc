// The distance behind "did you mean …?" for misspelt commands and reference-value names.

#include "veil/base/edit_distance.h"

#include <gtest/gtest.h>

namespace veil {
namespace {

TEST(EditDistance, CountsInsertionsDeletionsAndSubstitutions) {
  EXPECT_EQ(EditDistance("", ""), 0u);
  EXPECT_EQ(EditDistance("ls", "ls"), 0u);
  EXPECT_EQ(EditDistance("", "put"), 3u);
  EXPECT_EQ(EditDistance("polcy", "policy"), 1u);    // an insertion
  EXPECT_EQ(EditDistance("tpm.akk", "tpm.ak"), 1u);  // a deletion
  EXPECT_EQ(EditDistance("snp.measurment", "snp.measurement"), 1u);
  EXPECT_EQ(EditDistance("kitten", "sitting"), 3u);  // two substitutions, one insertion
  EXPECT_EQ(EditDistance("list", "ls"), EditDistance("ls", "list"));  // symmetric
}

}  // namespace
}  // namespace veil
