// The PS/2 keyboard: scan code set 1 (what the 8042 controller translates to) into characters.

#include <kern/console.h>
#include <inc/x86.h>

static constexpr uint16_t KBD_STATUS = 0x64;
static constexpr uint16_t KBD_DATA = 0x60;
static constexpr uint8_t STATUS_DATA_READY = 0x01;
static constexpr uint8_t STATUS_FROM_MOUSE = 0x20;
static constexpr uint8_t ESCAPE_PREFIX = 0xE0; // the next code is an extended key
static constexpr uint8_t RELEASE_BIT = 0x80;   // set in the code sent when a key is let go

// Modifier state bits.
static constexpr uint32_t SHIFT = 1 << 0;
static constexpr uint32_t CTRL = 1 << 1;
static constexpr uint32_t ALT = 1 << 2;
static constexpr uint32_t CAPSLOCK = 1 << 3;
static constexpr uint32_t EXTENDED = 1 << 4;

static uint32_t modifiers;

// Characters for scan codes 0x00-0x39 without and with shift (0 = no character).
static constexpr char plain_map[0x3A] = {
    0,    0x1B, '1', '2', '3', '4', '5', '6', '7', '8', '9',  '0', '-', '=',  '\b',
    '\t', 'q',  'w', 'e', 'r', 't', 'y', 'u', 'i', 'o', 'p',  '[', ']', '\n', 0,
    'a',  's',  'd', 'f', 'g', 'h', 'j', 'k', 'l', ';', '\'', '`', 0,   '\\', 'z',
    'x',  'c',  'v', 'b', 'n', 'm', ',', '.', '/', 0,   '*',  0,   ' ',
};
static constexpr char shift_map[0x3A] = {
    0,    0x1B, '!', '@', '#', '$', '%', '^', '&', '*', '(', ')', '_', '+',  '\b',
    '\t', 'Q',  'W', 'E', 'R', 'T', 'Y', 'U', 'I', 'O', 'P', '{', '}', '\n', 0,
    'A',  'S',  'D', 'F', 'G', 'H', 'J', 'K', 'L', ':', '"', '~', 0,   '|',  'Z',
    'X',  'C',  'V', 'B', 'N', 'M', '<', '>', '?', 0,   '*', 0,   ' ',
};

// Updates the modifier state for a modifier key's scan code; returns false for other keys.
static bool
update_modifiers(uint8_t code, bool released)
{
    uint32_t bit = 0;
    switch (code) {
    case 0x2A: // left shift
    case 0x36: // right shift
        bit = SHIFT;
        break;
    case 0x1D: // ctrl
        bit = CTRL;
        break;
    case 0x38: // alt
        bit = ALT;
        break;
    case 0x3A: // caps lock toggles on press
        if (!released)
            modifiers ^= CAPSLOCK;
        return true;
    default:
        return false;
    }
    if (released)
        modifiers &= ~bit;
    else
        modifiers |= bit;
    return true;
}

static int
translate(uint8_t code)
{
    if (code >= sizeof(plain_map))
        return 0;
    int c = (modifiers & SHIFT) ? shift_map[code] : plain_map[code];
    if ((modifiers & CAPSLOCK) && c >= 'a' && c <= 'z')
        c -= 'a' - 'A';
    else if ((modifiers & CAPSLOCK) && c >= 'A' && c <= 'Z')
        c += 'a' - 'A';
    if ((modifiers & CTRL) && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')))
        c &= 0x1F;
    return c;
}

// Returns the next character typed, 0 for a key that types nothing, -1 if no data.
int
kbd_getc()
{
    uint8_t status = inb(KBD_STATUS);
    if (!(status & STATUS_DATA_READY) || (status & STATUS_FROM_MOUSE))
        return -1;
    uint8_t code = inb(KBD_DATA);
    if (code == ESCAPE_PREFIX) {
        modifiers |= EXTENDED;
        return 0;
    }
    bool released = code & RELEASE_BIT;
    code &= ~RELEASE_BIT;
    bool extended = modifiers & EXTENDED;
    modifiers &= ~EXTENDED;

    if (update_modifiers(code, released) || released)
        return 0;
    if (extended)
        return code == 0x1C ? '\n' : 0; // keypad enter; arrows and the like type nothing
    int c = translate(code);
    if ((modifiers & (CTRL | ALT)) == (CTRL | ALT) && code == 0x53) {
        // Ctrl-Alt-Del: reset through the keyboard controller, as a PC does.
        outb(KBD_STATUS, 0xFE);
    }
    return c;
}

void
kbd_intr()
{
    cons_intr(kbd_getc);
}
