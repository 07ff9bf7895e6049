// CharacterLocale: the LC_CTYPE libedit needs to read and write anything beyond ASCII.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

enum CharacterLocale {
    /// libedit reads keys with `mbrtowc` and writes history files with `wcrtomb`: in the "C"
    /// locale every non-ASCII character is dropped without a word. Take the environment's
    /// LC_CTYPE; when that is plain C/POSIX (nothing set, as under many service managers and in
    /// kiosk sessions), use C.UTF-8, since the terminals people use send UTF-8.
    static func prepare() {
        setlocale(LC_CTYPE, "")
        guard let codeset = nl_langinfo(nl_item(CODESET)), String(cString: codeset) != "UTF-8" else { return }
        let current = setlocale(LC_CTYPE, nil).map { String(cString: $0) } ?? "C"
        guard current == "C" || current == "POSIX" else { return }
        for name in ["C.UTF-8", "C.utf8", "en_US.UTF-8"] where setlocale(LC_CTYPE, name) != nil {
            return
        }
    }
}
