// WideText: Swift strings to and from libedit's wchar_t text (UTF-32 on Linux and macOS).
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

enum WideText {
    /// `text` as a NUL-terminated wchar_t array.
    static func make(_ text: String) -> [wchar_t] {
        var wide = text.unicodeScalars.map { wchar_t(bitPattern: $0.value) }
        wide.append(0)
        return wide
    }

    /// The characters from `start` up to `end` (or up to the NUL when `end` is nil).
    static func string(from start: UnsafePointer<wchar_t>, to end: UnsafePointer<wchar_t>? = nil) -> String {
        var scalars = String.UnicodeScalarView()
        var cursor = start
        while end.map({ cursor < $0 }) ?? (cursor.pointee != 0) {
            scalars.append(Unicode.Scalar(UInt32(bitPattern: cursor.pointee)) ?? "\u{FFFD}")
            cursor += 1
        }
        return String(scalars)
    }
}
