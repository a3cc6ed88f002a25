/// A file's media (MIME) type, told by its name's extension: what a provider gives with a photo
/// or a file, and what one that says nothing of it (a bridge's send) is told.
public enum MediaType {
    /// The media type of the file at `url` (its query left aside), or named `filename` when one is
    /// given; for an unknown extension, a generic type of its `kind` (`image`, `audio`, `video`,
    /// anything else a file's): `https://cdn.test/f.jpg` is `image/jpeg`, an image at `…/get` too.
    public static func of(url: String, filename: String = "", kind: String) -> String {
        let path = url.split(separator: "?", maxSplits: 1).first.map(String.init) ?? url
        let name = filename.isEmpty ? path : filename
        let ext = name.split(separator: "/").last?.split(separator: ".").dropFirst().last.map { $0.lowercased() } ?? ""
        if let type = known[ext] { return type }
        switch kind {
        case "image": return "image/jpeg"
        case "audio": return "audio/ogg"
        case "video": return "video/mp4"
        default: return "application/octet-stream"
        }
    }

    static let known: [String: String] = [
        "jpg": "image/jpeg", "jpeg": "image/jpeg", "png": "image/png", "webp": "image/webp", "gif": "image/gif",
        "pdf": "application/pdf", "mp3": "audio/mpeg", "ogg": "audio/ogg", "opus": "audio/ogg", "m4a": "audio/mp4",
        "aac": "audio/aac", "amr": "audio/amr", "mp4": "video/mp4", "3gp": "video/3gpp", "mov": "video/quicktime",
        "txt": "text/plain", "csv": "text/csv", "doc": "application/msword", "xls": "application/vnd.ms-excel",
        "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ]
}
