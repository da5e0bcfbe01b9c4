// Compiles the precompiled test headers (cmake/VeilTarget.cmake: veil_test_pch) once.
