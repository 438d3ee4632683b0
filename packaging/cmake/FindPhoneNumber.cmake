# Finds Google's libphonenumber (C++). Debian's libphonenumber-dev ships neither a CMake config
# nor a pkg-config file, so look for the header and library directly; vcpkg and Homebrew builds
# ship a config, which is preferred when present.
#
# Provides the imported target PhoneNumber::PhoneNumber.

find_package(libphonenumber CONFIG QUIET)
if(TARGET libphonenumber::phonenumber)
    if(NOT TARGET PhoneNumber::PhoneNumber)
        add_library(PhoneNumber::PhoneNumber INTERFACE IMPORTED)
        target_link_libraries(PhoneNumber::PhoneNumber INTERFACE libphonenumber::phonenumber)
    endif()
    set(PhoneNumber_FOUND TRUE)
    return()
endif()

find_path(PhoneNumber_INCLUDE_DIR NAMES phonenumbers/phonenumberutil.h)
find_library(PhoneNumber_LIBRARY NAMES phonenumber)
# Its headers expose protobuf message types (PhoneNumber is a MessageLite), so code using them may
# reference protobuf symbols directly (UBSan's vptr check takes their type_info): link it too.
find_library(PhoneNumber_PROTOBUF_LIBRARY NAMES protobuf)

include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(PhoneNumber REQUIRED_VARS PhoneNumber_LIBRARY PhoneNumber_INCLUDE_DIR)

if(PhoneNumber_FOUND AND NOT TARGET PhoneNumber::PhoneNumber)
    add_library(PhoneNumber::PhoneNumber UNKNOWN IMPORTED)
    set_target_properties(PhoneNumber::PhoneNumber PROPERTIES
        IMPORTED_LOCATION "${PhoneNumber_LIBRARY}"
        INTERFACE_INCLUDE_DIRECTORIES "${PhoneNumber_INCLUDE_DIR}")
    if(PhoneNumber_PROTOBUF_LIBRARY)
        set_target_properties(PhoneNumber::PhoneNumber PROPERTIES
            INTERFACE_LINK_LIBRARIES "${PhoneNumber_PROTOBUF_LIBRARY}")
    endif()
endif()
mark_as_advanced(PhoneNumber_INCLUDE_DIR PhoneNumber_LIBRARY PhoneNumber_PROTOBUF_LIBRARY)
