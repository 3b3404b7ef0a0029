# Run by CPack only (CPACK_INSTALL_SCRIPTS), while it stages the package: the Debian documentation of the
# package, /usr/share/doc/<package>/ with the README and a changelog (compressed, as Debian policy asks)
# and the copyright file. A plain `cmake --install` does not run this: it installs the plugin only.
# CPack sets DESTDIR to its staging folder; file(INSTALL) puts it before the absolute destination.
set(doc "${CMAKE_INSTALL_PREFIX}/share/doc/${CPACK_PACKAGE_NAME}")
set(stage "${CPACK_TOPLEVEL_DIRECTORY}/sipadvice-doc")
file(REMOVE_RECURSE "${stage}")
file(MAKE_DIRECTORY "${stage}")
configure_file("${CPACK_SIPADVICE_SOURCE_DIR}/cmake/debian-copyright" "${stage}/copyright" COPYONLY)
configure_file("${CPACK_SIPADVICE_SOURCE_DIR}/README.md" "${stage}/README.md" COPYONLY)
# A version without a Debian revision makes a native package, whose changelog is changelog.gz. Its date
# follows SOURCE_DATE_EPOCH when set (reproducible builds), else the time of packaging.
string(TIMESTAMP date "%a, %d %b %Y %H:%M:%S +0000" UTC)
file(WRITE "${stage}/changelog" "${CPACK_PACKAGE_NAME} (${CPACK_PACKAGE_VERSION}) unstable; urgency=medium

  * Packaged with CPack for Wireshark ${CPACK_SIPADVICE_WIRESHARK}.
    What the plugin does: README.md.gz in this folder.

 -- ${CPACK_PACKAGE_CONTACT}  ${date}
")
find_program(GZIP gzip)
if(GZIP)
  foreach(name README.md changelog)
    execute_process(COMMAND "${GZIP}" -9 -n -f "${stage}/${name}" RESULT_VARIABLE rc)
    if(NOT rc EQUAL 0)
      message(FATAL_ERROR "gzip ${name} failed (${rc})")
    endif()
  endforeach()
endif()
file(GLOB docs "${stage}/*")
file(INSTALL ${docs} DESTINATION "${doc}" FILE_PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ WORLD_READ)
