// Included first by every kernel-only header: stops user code from including them.
#pragma once

#ifndef JOS_KERNEL
#error "kernel-only header"
#endif
