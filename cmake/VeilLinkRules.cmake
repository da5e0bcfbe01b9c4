# Link rules the tree's architecture depends on, checked over the whole link closure once every
# target exists. The guest (veil-agent and every veil_agent_* library) links no server folder:
# a chain such as veil_agent_run -> veil_payload -> veil_store fails configuration, named in full.

set(VEIL_GUEST_TARGETS_REGEX "^(veil_agent_.*|veil-agent)$")
set(VEIL_SERVER_TARGETS_REGEX
    "^veil_(kbs|store|store_.*|audit|admin|trustee|trustee_.*|http_server)$")

# Every target defined in `dir` and below.
function(_veil_targets_below dir out)
  get_property(targets DIRECTORY "${dir}" PROPERTY BUILDSYSTEM_TARGETS)
  get_property(subdirs DIRECTORY "${dir}" PROPERTY SUBDIRECTORIES)
  foreach(subdir IN LISTS subdirs)
    _veil_targets_below("${subdir}" below)
    list(APPEND targets ${below})
  endforeach()
  set(${out} ${targets} PARENT_SCOPE)
endfunction()

# The targets `target` links directly (LINK_LIBRARIES and INTERFACE_LINK_LIBRARIES), aliases
# resolved; imported and plain libraries are not Veil targets and are left out.
function(_veil_direct_links target out)
  set(links)
  foreach(property LINK_LIBRARIES INTERFACE_LINK_LIBRARIES)
    get_target_property(items ${target} ${property})
    if(NOT items)
      continue()
    endif()
    foreach(item IN LISTS items)
      string(REGEX REPLACE "^\\$<LINK_ONLY:(.*)>$" "\\1" item "${item}")
      if(item MATCHES "^::@" OR NOT TARGET "${item}")
        continue()
      endif()
      get_target_property(aliased "${item}" ALIASED_TARGET)
      if(aliased)
        set(item "${aliased}")
      endif()
      list(APPEND links "${item}")
    endforeach()
  endforeach()
  list(REMOVE_DUPLICATES links)
  set(${out} ${links} PARENT_SCOPE)
endfunction()

# Depth-first over the link closure of `target`; `chain` is how the walk got there. Each target
# is entered once per root (global property _VEIL_SEEN).
function(_veil_walk_links root target chain)
  get_property(seen GLOBAL PROPERTY _VEIL_SEEN)
  if(target IN_LIST seen)
    return()
  endif()
  set_property(GLOBAL APPEND PROPERTY _VEIL_SEEN "${target}")
  if(target MATCHES "${VEIL_SERVER_TARGETS_REGEX}")
    message(SEND_ERROR "Link rule broken: the guest target ${root} links the server target "
                       "${target}: ${chain}. The agent may link protocol/, http_message and "
                       "http_client, never kbs, store, audit, admin, trustee or http_server "
                       "(see src/veil/protocol/README.md).")
    return()
  endif()
  _veil_direct_links(${target} links)
  foreach(link IN LISTS links)
    _veil_walk_links(${root} ${link} "${chain} -> ${link}")
  endforeach()
endfunction()

function(veil_check_link_rules)
  _veil_targets_below("${PROJECT_SOURCE_DIR}" targets)
  foreach(target IN LISTS targets)
    if(target MATCHES "${VEIL_GUEST_TARGETS_REGEX}")
      set_property(GLOBAL PROPERTY _VEIL_SEEN "")
      _veil_walk_links(${target} ${target} "${target}")
    endif()
  endforeach()
endfunction()
