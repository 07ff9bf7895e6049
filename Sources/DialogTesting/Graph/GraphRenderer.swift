// GraphRenderer: a DialogGraph as Graphviz dot or as a Mermaid flowchart; outcomes coloured by level,
// what no transcript reaches drawn dashed.

import DialogKit

/// Text formats for `intake graph`.
public enum GraphFormat: String, Sendable, CaseIterable {
    case dot, mermaid
}

public enum GraphRenderer {
    public static func render(_ graph: DialogGraph, format: GraphFormat) -> String {
        switch format {
        case .dot: dot(graph)
        case .mermaid: mermaid(graph)
        }
    }

    /// Fill and line colours for an outcome's level (`level:`, or read from its code): emergency red,
    /// urgent orange, consult blue, self-care green; an outcome of no known level gets a colour from its code.
    static func colours(forLevel level: OutcomeLevel?, code: String) -> (fill: String, line: String) {
        switch level {
        case .emergency?: return ("#f8d0d0", "#b00020")
        case .urgent?: return ("#ffe0b2", "#e65100")
        case .consult?: return ("#d6e4ff", "#1f4fbf")
        case .self_care?: return ("#d7f0d7", "#2e7d32")
        case nil:
            let palette = [("#ece0f5", "#6a1b9a"), ("#e0f2f1", "#00695c"), ("#f5f5dc", "#827717"), ("#eeeeee", "#424242")]
            let index = code.unicodeScalars.reduce(0) { ($0 &* 31 &+ Int($1.value)) & 0xFFFF } % palette.count
            return palette[index]
        }
    }

    static func label(_ kind: DialogGraph.NodeKind) -> String {
        switch kind {
        case .start: "start"
        case .question(let id, let kind, let text): "\(id) (\(kind.rawValue))\n\(shortened(text, 48))"
        case .decision(let condition, let keyword): "\(keyword) \(shortened(condition, 60))"
        case .outcome(let id, let code, _): id == code ? id : "\(id)\n(\(code))"
        case .deadEnd: "no outcome"
        }
    }

    private static func shortened(_ text: String, _ limit: Int) -> String {
        let flat = text.split(whereSeparator: \.isNewline).joined(separator: " ")
        return flat.count > limit ? String(flat.prefix(limit - 3)) + "..." : flat
    }

    // MARK: - Graphviz

    static func dot(_ graph: DialogGraph) -> String {
        func quoted(_ text: String) -> String {
            "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
                .replacingOccurrences(of: "\n", with: "\\n") + "\""
        }
        var lines = [
            "digraph dialog {",
            "  label=\(quoted(graph.title)); labelloc=t; fontname=\"Helvetica\";",
            "  node [fontname=\"Helvetica\", fontsize=11];",
            "  edge [fontname=\"Helvetica\", fontsize=10];",
        ]
        for node in graph.nodes {
            var attributes = ["label=\(quoted(label(node.kind)))"]
            var styles: [String] = []
            switch node.kind {
            case .start: attributes.append("shape=circle")
            case .question: attributes.append("shape=box"); styles.append("rounded")
            case .decision: attributes.append("shape=diamond")
            case .outcome(_, let code, let level):
                let (fill, line) = colours(forLevel: level, code: code)
                attributes += ["shape=box", "fillcolor=\(quoted(fill))", "color=\(quoted(line))", "penwidth=2"]
                styles.append("filled")
            case .deadEnd: attributes += ["shape=octagon", "color=\"#b00020\""]
            }
            if !node.covered { styles.append("dashed") }
            if !styles.isEmpty { attributes.append("style=\(quoted(styles.joined(separator: ",")))") }
            lines.append("  \(node.name) [\(attributes.joined(separator: ", "))];")
        }
        for edge in graph.edges {
            var attributes: [String] = []
            if !edge.label.isEmpty { attributes.append("label=\(quoted(edge.label))") }
            if !edge.covered { attributes += ["style=dashed", "color=\"#888888\""] }
            lines.append("  \(edge.from) -> \(edge.to)" + (attributes.isEmpty ? ";" : " [\(attributes.joined(separator: ", "))];"))
        }
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }

    // MARK: - Mermaid

    static func mermaid(_ graph: DialogGraph) -> String {
        func text(_ value: String) -> String {
            "\"" + value.replacingOccurrences(of: "\"", with: "#quot;").replacingOccurrences(of: "\n", with: "<br/>") + "\""
        }
        var lines = ["---", "title: \(graph.title.replacingOccurrences(of: "\n", with: " "))", "---", "flowchart TD"]
        var classes: [String: (fill: String, line: String)] = [:]
        for node in graph.nodes {
            let label = text(label(node.kind))
            switch node.kind {
            case .start: lines.append("  \(node.name)((\(label)))")
            case .question: lines.append("  \(node.name)(\(label))")
            case .decision: lines.append("  \(node.name){\(label)}")
            case .outcome(_, let code, let level):
                lines.append("  \(node.name)[[\(label)]]")
                let name = "code_" + DialogGraph.safe(code)
                classes[name] = colours(forLevel: level, code: code)
                lines.append("  class \(node.name) \(name)")
            case .deadEnd: lines.append("  \(node.name)[/\(label)/]")
            }
            if !node.covered { lines.append("  class \(node.name) uncovered") }
        }
        for edge in graph.edges {
            let arrow = edge.covered ? "-->" : "-.->"
            lines.append("  \(edge.from) \(arrow)" + (edge.label.isEmpty ? "" : "|\(edge.label)|") + " \(edge.to)")
        }
        for (name, colour) in classes.sorted(by: { $0.key < $1.key }) {
            lines.append("  classDef \(name) fill:\(colour.fill),stroke:\(colour.line),stroke-width:2px")
        }
        lines.append("  classDef uncovered stroke-dasharray: 5 5")
        return lines.joined(separator: "\n") + "\n"
    }
}
