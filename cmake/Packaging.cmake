# Debian package of the plugin, made by CPack from EVERY install() rule of the project (no list of files here):
#   cpack -G DEB                       (in the build folder), or
#   cmake --build build --target package
# gives wireshark-plugin-sipadvice_<version>_<arch>.deb for the Wireshark it was built against.
#
# Install destinations: the plugin's rule is absolute (Wireshark's global plugin folder, e.g.
# /usr/lib/x86_64-linux-gnu/wireshark/plugins/4.0/epan), so that `cmake --install build` puts it there for
# everybody whatever CMAKE_INSTALL_PREFIX is. CPack therefore stages with DESTDIR (CPACK_SET_DESTDIR): absolute
# destinations land at the same path in the package, relative ones (GNUInstallDirs style, e.g. bin/ or
# share/wireshark/profiles/...) under /usr (CPACK_INSTALL_PREFIX), as Debian expects. Nothing is installed on
# the machine that builds the package. New install() rules should use relative destinations, or absolute
# ones that are right for the package too; never ${CMAKE_INSTALL_PREFIX}/... (that would be /usr/local).
#
# Depends: a plugin only loads into the Wireshark minor version it was built for (plugin_want_major/minor),
# so the package depends on the libwireshark ABI package that find_package(Wireshark) resolved, found at
# configure time with dpkg, from the version built against up to the next minor version, e.g.
#   libwireshark16 (>= 4.0.17-0+deb12u3), libwireshark16 (<< 4.1~)
# plus what dpkg-shlibdeps finds (libc6, libstdc++6, libglib2.0-0), when dpkg-dev and file are installed.
# Without dpkg (Wireshark not from a Debian package), the package name is derived from libwireshark's soname
# the Debian way (libwireshark.so.16 -> libwireshark16) and a warning says so.

set(SIPADVICE_PACKAGE wireshark-plugin-sipadvice)
math(EXPR _ws_next_minor "${Wireshark_MINOR_VERSION} + 1")
set(_ws_next "${Wireshark_MAJOR_VERSION}.${_ws_next_minor}~")

# The libwireshark file the plugin links (the imported `epan` target of WiresharkConfig.cmake).
set(_ws_lib "")
get_target_property(_ws_configs epan IMPORTED_CONFIGURATIONS)
foreach(_cfg IN LISTS _ws_configs)
  get_target_property(_ws_lib epan IMPORTED_LOCATION_${_cfg})
  get_target_property(_ws_soname epan IMPORTED_SONAME_${_cfg})
  if(_ws_lib)
    break()
  endif()
endforeach()
if(NOT _ws_lib)
  get_target_property(_ws_lib epan IMPORTED_LOCATION)
  get_target_property(_ws_soname epan IMPORTED_SONAME)
endif()

set(_ws_pkg "")
find_program(DPKG_QUERY dpkg-query)
if(DPKG_QUERY AND _ws_lib)
  get_filename_component(_ws_lib_real "${_ws_lib}" REALPATH)
  foreach(_path IN ITEMS "${_ws_lib_real}" "${_ws_lib}")
    execute_process(COMMAND ${DPKG_QUERY} -S "${_path}" OUTPUT_VARIABLE _owner ERROR_QUIET RESULT_VARIABLE _rc
                    OUTPUT_STRIP_TRAILING_WHITESPACE)
    if(_rc EQUAL 0)
      # "libwireshark16:amd64: /usr/lib/x86_64-linux-gnu/libwireshark.so.16.0.17"
      string(REGEX REPLACE ": .*" "" _owner "${_owner}")
      execute_process(COMMAND ${DPKG_QUERY} -W "--showformat=\${Package} \${Version}" "${_owner}"
                      OUTPUT_VARIABLE _pkg_version RESULT_VARIABLE _rc OUTPUT_STRIP_TRAILING_WHITESPACE)
      if(_rc EQUAL 0 AND _pkg_version MATCHES "^([^ ]+) ([^ ]+)$")
        set(_ws_pkg "${CMAKE_MATCH_1}")
        set(_ws_pkg_version "${CMAKE_MATCH_2}")
        set(_ws_pkg_version_text " ${CMAKE_MATCH_2}")
        break()
      endif()
    endif()
  endforeach()
endif()

if(_ws_pkg)
  set(SIPADVICE_PACKAGE_DEPENDS "${_ws_pkg} (>= ${_ws_pkg_version}), ${_ws_pkg} (<< ${_ws_next})")
  # libc6, libstdc++6, libglib2.0-0 with their versions, from the plugin's ELF dependencies.
  find_program(DPKG_SHLIBDEPS dpkg-shlibdeps)
  find_program(FILE_PROGRAM file)
  if(DPKG_SHLIBDEPS AND FILE_PROGRAM)
    set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
  else()
    message(STATUS "Package: dpkg-shlibdeps or file not found (packages dpkg-dev, file): the .deb will depend on "
                   "${_ws_pkg} only, not on the versions of libc6, libstdc++6 and libglib2.0-0 it was built with")
  endif()
else()
  # Not a Debian-packaged Wireshark: guess the ABI package from the soname, as Debian names library packages.
  string(REGEX REPLACE "^lib(.+)\\.so\\.([0-9]+)$" "lib\\1\\2" _ws_pkg "${_ws_soname}")
  if(NOT _ws_pkg OR _ws_pkg STREQUAL _ws_soname)
    set(_ws_pkg libwireshark)
  endif()
  set(SIPADVICE_PACKAGE_DEPENDS "${_ws_pkg} (>= ${Wireshark_VERSION}), ${_ws_pkg} (<< ${_ws_next})")
  message(WARNING "Package: ${_ws_lib} does not belong to a Debian package (or dpkg is missing); the .deb's "
                  "Depends is a guess from the soname: ${SIPADVICE_PACKAGE_DEPENDS}")
endif()
message(STATUS "Package: ${SIPADVICE_PACKAGE} ${PROJECT_VERSION}, Depends: ${SIPADVICE_PACKAGE_DEPENDS}")

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME ${SIPADVICE_PACKAGE})
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_VENDOR "SIP Advice developers")
set(CPACK_PACKAGE_CONTACT "SIP Advice developers <dev@sipadvice.invalid>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Wireshark plugin that explains SIP responses and dialog sequences")
# The extended description, in lines of at most 80 characters as Debian's control files want them.
set(CPACK_PACKAGE_DESCRIPTION "SIP Advice is a Wireshark postdissector for VoIP engineers. For every SIP
response in a capture it adds a SIP Advice subtree and an Expert Info item
that explain the code: what it means, when it is typically seen, how to fix
it, and the RFC that defines it.
It also reads the dialog: when a later response of a dialog tells a story
together with an earlier one (a 430 Flow Failed after a 204, a 487 after
180 Ringing, a second 401 to credentials), it says what the pair means and
what to do, and links the two frames. Everything it adds is a filterable
field (sipadvice.*), in Wireshark and in tshark.

This package is built for Wireshark ${Wireshark_MAJOR_VERSION}.${Wireshark_MINOR_VERSION} (${_ws_pkg}); Wireshark loads a
plugin only into the minor version it was built for.")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)  # <name>_<version>_<arch>.deb
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "${SIPADVICE_PACKAGE_DEPENDS}")
set(CPACK_DEBIAN_PACKAGE_ENHANCES "wireshark, tshark")
find_program(DPKG dpkg)
if(DPKG)
  execute_process(COMMAND ${DPKG} --print-architecture OUTPUT_VARIABLE CPACK_DEBIAN_PACKAGE_ARCHITECTURE
                  OUTPUT_STRIP_TRAILING_WHITESPACE)
endif()

# Stage with DESTDIR (see the top of this file); relative destinations go under /usr.
set(CPACK_SET_DESTDIR ON)
set(CPACK_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
# /usr/share/doc/<package>/: README.md.gz, changelog.gz and copyright, in the package only (cmake/PackageDocs.cmake).
set(CPACK_SIPADVICE_SOURCE_DIR "${CMAKE_SOURCE_DIR}")
set(CPACK_SIPADVICE_WIRESHARK "${Wireshark_VERSION} (${_ws_pkg}${_ws_pkg_version_text})")
set(CPACK_INSTALL_SCRIPTS "${CMAKE_SOURCE_DIR}/cmake/PackageDocs.cmake")

include(CPack)
