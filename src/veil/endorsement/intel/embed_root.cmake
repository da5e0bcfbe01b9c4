# Writes OUTPUT: a C++ source defining the Intel SGX Root CA PEM (ROOT_PEM) as a string_view.
file(READ "${ROOT_PEM}" text)
set(body "// Generated from src/veil/endorsement/intel/roots by embed_root.cmake. Do not edit.\n")
string(APPEND body "#include \"veil/endorsement/intel/intel_root_data.h\"\n\n")
string(APPEND body "namespace veil::endorsement::intel {\n\n")
string(APPEND body "std::string_view EmbeddedRootPem() {\n  return R\"PEM(${text})PEM\";\n}\n\n")
string(APPEND body "}  // namespace veil::endorsement::intel\n")
file(WRITE "${OUTPUT}.tmp" "${body}")
execute_process(COMMAND ${CMAKE_COMMAND} -E copy_if_different "${OUTPUT}.tmp" "${OUTPUT}")
