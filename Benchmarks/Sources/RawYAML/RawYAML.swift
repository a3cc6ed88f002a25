import CLibYAML

/// The floor for any YAML front end: libyaml's event parser over the bytes, with no tree,
/// no Swift values and no diagnostics. Kept in its own module so that its copy of the libyaml
/// declarations never meets FlowSyntax's `CYAML` in one Swift file.
public enum RawYAML {
    /// Parses `bytes` into events (each deleted at once); returns the number of events, or -1
    /// when libyaml reports an error.
    public static func eventCount(_ bytes: [UInt8]) -> Int {
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else { return -1 }
        defer { yaml_parser_delete(&parser) }
        return bytes.withUnsafeBufferPointer { buffer -> Int in
            guard let base = buffer.baseAddress else { return 0 }
            yaml_parser_set_input_string(&parser, base, buffer.count)
            yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
            var event = yaml_event_t()
            var count = 0
            while true {
                guard yaml_parser_parse(&parser, &event) == 1 else { return -1 }
                count += 1
                let done = event.type == YAML_STREAM_END_EVENT
                yaml_event_delete(&event)
                if done { return count }
            }
        }
    }
}
