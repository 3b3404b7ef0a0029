# Run by CPack only (CPACK_INSTALL_SCRIPTS), while it stages the package: the Debian documentation of the
# package, /usr/share/doc/<package>/ with the README (compressed, as Debian policy asks of large files)
# and the copyright file. A plain `cmake --install` does not run this: it installs the plugin only.
# CPack sets DESTDIR to its staging folder; file(INSTALL) puts it before the absolute destination.
set(doc "${CMAKE_INSTALL_PREFIX}/share/doc/${CPACK_PACKAGE_NAME}")
set(stage "${CPACK_TOPLEVEL_DIRECTORY}/sipadvice-doc")
file(REMOVE_RECURSE "${stage}")
file(MAKE_DIRECTORY "${stage}")
configure_file("${CPACK_SIPADVICE_SOURCE_DIR}/cmake/debian-copyright" "${stage}/copyright" COPYONLY)
find_program(GZIP gzip)
if(GZIP)
  execute_process(COMMAND "${GZIP}" -9 -n -c "${CPACK_SIPADVICE_SOURCE_DIR}/README.md"
                  OUTPUT_FILE "${stage}/README.md.gz" RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "gzip README.md failed (${rc})")
  endif()
else()
  configure_file("${CPACK_SIPADVICE_SOURCE_DIR}/README.md" "${stage}/README.md" COPYONLY)
endif()
file(GLOB docs "${stage}/*")
file(INSTALL ${docs} DESTINATION "${doc}" FILE_PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ WORLD_READ)
