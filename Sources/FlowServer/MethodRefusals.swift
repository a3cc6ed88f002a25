import HTTPTypes
import Hummingbird

/// A known path asked with a method it does not take is answered 405 with `Allow` (RFC 9110
/// §15.5.6), not 404: Hummingbird's router answers a path whose method has no handler as it
/// answers a path it does not know. Each path registers a refusal for the methods it does not take.
enum MethodRefusals {
    /// The methods answered on every known path: the path's own, or a 405.
    static let answered: [HTTPRequest.Method] = [.get, .head, .post, .put, .patch, .delete, .options]

    /// The `Allow` header of a path that takes `methods`; a GET route answers HEAD too unless
    /// `headFromGet` is false.
    static func allow(_ methods: [HTTPRequest.Method], headFromGet: Bool = true) -> String {
        var names: [String] = []
        for method in methods {
            names.append(method.rawValue)
            if method == .get, headFromGet, !methods.contains(.head) { names.append(HTTPRequest.Method.head.rawValue) }
        }
        return names.joined(separator: ", ")
    }

    /// Registers `refusal` (given the request and the `Allow` value) for each method of ``answered``
    /// that `path` does not take. With `headFromGet` (the router's HEAD of a GET route), HEAD is
    /// left to the router when the path takes GET.
    static func refuseOthers<Routes: RouterMethods<BasicRequestContext>>(
        _ routes: Routes, _ path: String, taking methods: [HTTPRequest.Method], headFromGet: Bool = true,
        refusal: @escaping @Sendable (Request, String) async -> Response
    ) {
        let allowed = allow(methods, headFromGet: headFromGet)
        for method in answered where !methods.contains(method) && !(headFromGet && method == .head && methods.contains(.get)) {
            routes.on(RouterPath(path), method: method) { request, _ -> Response in await refusal(request, allowed) }
        }
    }
}
