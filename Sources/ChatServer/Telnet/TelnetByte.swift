// TelnetByte: the telnet command and option codes the filter acts on (RFC 854, 855, 860, 1073).

/// Telnet command bytes (RFC 854) and the option codes (RFC 855 and later) Intake names.
enum TelnetByte {
    /// Interpret As Command: starts every command; doubled, a literal 0xFF.
    static let iac: UInt8 = 255
    static let dont: UInt8 = 254
    static let `do`: UInt8 = 253
    static let wont: UInt8 = 252
    static let will: UInt8 = 251
    /// Subnegotiation begin.
    static let sb: UInt8 = 250
    static let goAhead: UInt8 = 249
    static let eraseLine: UInt8 = 248
    static let eraseCharacter: UInt8 = 247
    static let areYouThere: UInt8 = 246
    static let abortOutput: UInt8 = 245
    static let interruptProcess: UInt8 = 244
    static let breakKey: UInt8 = 243
    static let dataMark: UInt8 = 242
    static let noOperation: UInt8 = 241
    /// Subnegotiation end.
    static let se: UInt8 = 240
    /// End of file (RFC 1184): what a telnet client in line mode sends for Ctrl-D.
    static let endOfFile: UInt8 = 236
    static let suspend: UInt8 = 237
    static let abort: UInt8 = 238

    /// Option: Timing Mark (RFC 860), which telnet clients ask for after an interrupt.
    static let timingMark: UInt8 = 6
    /// Option: Negotiate About Window Size (RFC 1073).
    static let naws: UInt8 = 31

    /// Ctrl-C and Ctrl-D as plain data bytes (a client that sends keys raw).
    static let ctrlC: UInt8 = 0x03
    static let ctrlD: UInt8 = 0x04
}
