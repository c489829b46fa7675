# Install + export so that an app can `find_package(chainlit)` and link chainlit::chainlit.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

get_property(layers GLOBAL PROPERTY CHAINLIT_LAYERS)
install(TARGETS chainlit chainlit_asio ${layers}
  EXPORT chainlitTargets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY include/chainlit DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(EXPORT chainlitTargets NAMESPACE chainlit:: DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/chainlit)
configure_package_config_file(cmake/chainlitConfig.cmake.in
  ${CMAKE_CURRENT_BINARY_DIR}/chainlitConfig.cmake
  INSTALL_DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/chainlit)
write_basic_package_version_file(${CMAKE_CURRENT_BINARY_DIR}/chainlitConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/chainlitConfig.cmake
  ${CMAKE_CURRENT_BINARY_DIR}/chainlitConfigVersion.cmake
  ${PROJECT_SOURCE_DIR}/cmake/chainlit_app.cmake
  DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/chainlit)
