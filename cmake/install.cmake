# `cmake --install` lays out headers, the shared library, the CLI, a CMake package
# (find_package(likeness) -> likeness::likeness) and a pkg-config file.
include(CMakePackageConfigHelpers)

install(TARGETS likeness EXPORT likenessTargets
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
        RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(TARGETS likeness_cli RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(DIRECTORY include/likeness DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})

set(config_dir ${CMAKE_INSTALL_LIBDIR}/cmake/likeness)
install(EXPORT likenessTargets NAMESPACE likeness:: DESTINATION ${config_dir})
configure_package_config_file(cmake/likeness-config.cmake.in
  ${PROJECT_BINARY_DIR}/likeness-config.cmake INSTALL_DESTINATION ${config_dir})
write_basic_package_version_file(${PROJECT_BINARY_DIR}/likeness-config-version.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/likeness-config.cmake
              ${PROJECT_BINARY_DIR}/likeness-config-version.cmake
        DESTINATION ${config_dir})

configure_file(cmake/likeness.pc.in ${PROJECT_BINARY_DIR}/likeness.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/likeness.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)

# The default generator (models/README.md says how it was made), for the demo and for users who
# want faces of garments before they have a model of their own.
install(FILES models/stylegan2-fashion-mnist-32.safetensors
        DESTINATION ${CMAKE_INSTALL_DATADIR}/likeness/models)
# The default text-to-image model, a diffusers folder (docs/diffusion.md, "The default model").
install(DIRECTORY models/diffusion/fashion DESTINATION ${CMAKE_INSTALL_DATADIR}/likeness/models/diffusion)
