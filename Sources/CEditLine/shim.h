/* placeholder; see LineEditing */
#include <histedit.h>
