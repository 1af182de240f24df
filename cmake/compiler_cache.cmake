# ccache for C, C++ and CUDA when it is installed. The sloppiness settings let it cache
# translation units built with precompiled headers.
find_program(LIKENESS_CCACHE ccache)
if(LIKENESS_CCACHE)
  set(launcher ${CMAKE_COMMAND} -E env
      CCACHE_SLOPPINESS=pch_defines,time_macros,include_file_mtime,include_file_ctime
      CCACHE_BASEDIR=${PROJECT_SOURCE_DIR} ${LIKENESS_CCACHE})
  foreach(lang C CXX CUDA)
    if(NOT CMAKE_${lang}_COMPILER_LAUNCHER)
      set(CMAKE_${lang}_COMPILER_LAUNCHER ${launcher})
    endif()
  endforeach()
endif()
