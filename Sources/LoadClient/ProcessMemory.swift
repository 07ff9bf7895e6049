// ProcessMemory: the resident memory of a process on this machine, from /proc.
import Foundation

/// Reads a process's resident set size (Linux `/proc/PID/statm`); nil where there is no such file.
enum ProcessMemory {
    static func residentBytes(pid: Int32) -> Int? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/statm", encoding: .utf8) else { return nil }
        let fields = text.split(separator: " ")
        guard fields.count > 1, let pages = Int(fields[1]) else { return nil }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }
}
