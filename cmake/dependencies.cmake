# Finds everything the build needs. Python comes first: libtorch is the one inside the `torch`
# package of that interpreter, so the SDK and `import torch` share one copy in a process.
if(NOT Python_EXECUTABLE AND EXISTS ${PROJECT_SOURCE_DIR}/.venv/bin/python)
  set(Python_EXECUTABLE ${PROJECT_SOURCE_DIR}/.venv/bin/python)
endif()
find_package(Python 3.9 REQUIRED COMPONENTS Interpreter Development.Module)

function(likeness_python_query out code)
  execute_process(COMMAND ${Python_EXECUTABLE} -c "${code}"
                  OUTPUT_VARIABLE value OUTPUT_STRIP_TRAILING_WHITESPACE RESULT_VARIABLE rc
                  ERROR_QUIET)
  if(NOT rc EQUAL 0)
    set(value "")
  endif()
  set(${out} "${value}" PARENT_SCOPE)
endfunction()

likeness_python_query(torch_prefix "import torch.utils; print(torch.utils.cmake_prefix_path)")
if(NOT torch_prefix)
  message(FATAL_ERROR "The Python at ${Python_EXECUTABLE} cannot import torch. Run "
          "scripts/setup.sh, or pass -DPython_EXECUTABLE=<a python with torch installed>.")
endif()
list(APPEND CMAKE_PREFIX_PATH ${torch_prefix})

# A CUDA build of libtorch wants a CUDA toolkit in its CMake config, whether or not our kernels
# are built. Without one named by the caller, use the one that PyPI's NVIDIA wheels put beside
# torch (scripts/setup.sh installs it); a GPU machine's own /usr/local/cuda also works.
if(NOT CMAKE_CUDA_COMPILER AND NOT DEFINED ENV{CUDACXX})
  likeness_python_query(wheel_toolkit
    "import nvidia, os; d=[os.path.join(p,'cu13') for p in nvidia.__path__]; print(next(x for x in d if os.path.exists(os.path.join(x,'bin','nvcc'))))")
  if(wheel_toolkit)
    set(CMAKE_CUDA_COMPILER ${wheel_toolkit}/bin/nvcc CACHE FILEPATH "nvcc")
    set(CUDAToolkit_ROOT ${wheel_toolkit})
    set(CUDA_TOOLKIT_ROOT_DIR ${wheel_toolkit} CACHE PATH "CUDA toolkit for libtorch's config")
    include_directories(SYSTEM ${wheel_toolkit}/include/cccl)
  endif()
endif()
if(LIKENESS_CUDA)
  if(NOT DEFINED TORCH_CUDA_ARCH_LIST AND NOT DEFINED ENV{TORCH_CUDA_ARCH_LIST})
    # Hopper (H100/H200) by default: each extra architecture multiplies nvcc time.
    set(TORCH_CUDA_ARCH_LIST "9.0" CACHE STRING "CUDA architectures for the kernels")
  endif()
  # libtorch's config turns TORCH_CUDA_ARCH_LIST into nvcc flags; CMake must not add its own.
  set(CMAKE_CUDA_ARCHITECTURES OFF)
  enable_language(CUDA)
  set(CMAKE_CUDA_STANDARD 17)
endif()

find_package(Torch REQUIRED)
# Where an installed liblikeness finds libtorch and the CUDA runtime (its RUNPATH).
get_filename_component(torch_lib_dir "${TORCH_LIBRARY}" DIRECTORY)
set(LIKENESS_RUNTIME_DIRS ${torch_lib_dir})
if(LIKENESS_CUDA)
  list(APPEND LIKENESS_RUNTIME_DIRS ${CUDAToolkit_LIBRARY_DIR})
endif()

# A GPU machine has no package registry: there, the header-only dependencies and GoogleTest's
# sources come from third_party/ (git-ignored), which scripts/carry_deps.sh fills from this
# machine's Debian packages.
set(LIKENESS_THIRD_PARTY_DIR ${PROJECT_SOURCE_DIR}/third_party CACHE PATH
    "Carried dependencies, used where find_package finds none")

find_package(fmt QUIET)
if(NOT fmt_FOUND)
  find_path(FMT_INCLUDE_DIR fmt/format.h HINTS ${LIKENESS_THIRD_PARTY_DIR}/include REQUIRED)
  add_library(fmt::fmt-header-only INTERFACE IMPORTED)
  target_include_directories(fmt::fmt-header-only SYSTEM INTERFACE ${FMT_INCLUDE_DIR})
  target_compile_definitions(fmt::fmt-header-only INTERFACE FMT_HEADER_ONLY=1)
endif()
find_package(nlohmann_json 3.10 QUIET)
if(NOT nlohmann_json_FOUND)
  find_path(JSON_INCLUDE_DIR nlohmann/json.hpp HINTS ${LIKENESS_THIRD_PARTY_DIR}/include REQUIRED)
  add_library(nlohmann_json::nlohmann_json INTERFACE IMPORTED)
  target_include_directories(nlohmann_json::nlohmann_json SYSTEM INTERFACE ${JSON_INCLUDE_DIR})
endif()
# The idx files of the MNIST family come gzip-compressed. Without zlib's development package,
# its carried headers and the runtime library that every Linux has.
find_package(ZLIB QUIET)
if(NOT ZLIB_FOUND)
  find_path(ZLIB_CARRIED_INCLUDE_DIR zlib.h HINTS ${LIKENESS_THIRD_PARTY_DIR}/include REQUIRED)
  find_library(ZLIB_RUNTIME_LIBRARY NAMES z libz.so.1 REQUIRED)
  add_library(ZLIB::ZLIB UNKNOWN IMPORTED)
  set_target_properties(ZLIB::ZLIB PROPERTIES IMPORTED_LOCATION ${ZLIB_RUNTIME_LIBRARY}
                        INTERFACE_INCLUDE_DIRECTORIES ${ZLIB_CARRIED_INCLUDE_DIR})
endif()
find_path(STB_INCLUDE_DIR stb/stb_image.h HINTS ${LIKENESS_THIRD_PARTY_DIR}/include REQUIRED)
add_library(likeness_stb INTERFACE)
target_include_directories(likeness_stb SYSTEM INTERFACE ${STB_INCLUDE_DIR})

if(LIKENESS_PYTHON)
  set(PYBIND11_FINDPYTHON ON)
  find_package(pybind11 2.10 CONFIG REQUIRED)
endif()
if(LIKENESS_TESTS)
  find_package(GTest QUIET)
  if(NOT GTest_FOUND)
    add_subdirectory(${LIKENESS_THIRD_PARTY_DIR}/googletest ${PROJECT_BINARY_DIR}/googletest
                     EXCLUDE_FROM_ALL)
    if(NOT TARGET GTest::gtest_main)  # GoogleTest 1.12 and later define them itself
      add_library(GTest::gtest ALIAS gtest)
      add_library(GTest::gtest_main ALIAS gtest_main)
    endif()
  endif()
endif()
if(LIKENESS_BENCHMARKS)
  find_package(benchmark REQUIRED)
endif()
