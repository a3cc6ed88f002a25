import Hummingbird
import Logging
import Synchronization

// BareEndpoint PORT [HOST]
//   POST /webhook                 -> 200 "ok" (the body is read, as a webhook handler must)
//   POST /:version/:phone/messages -> 200 Graph API answer with a fresh wamid (fake provider)
//   GET  /healthz                 -> 200
//   GET  /count                   -> how many fake sends were answered
let arguments = CommandLine.arguments
let port = arguments.count > 1 ? Int(arguments[1]) ?? 8090 : 8090
let host = arguments.count > 2 ? arguments[2] : "127.0.0.1"

final class Counter: Sendable {
    let value = Atomic<Int>(0)
}
let sends = Counter()

let router = Router()
router.post("/webhook") { request, _ -> Response in
    _ = try await request.body.collect(upTo: 3 << 20)
    return Response(status: .ok, headers: [.contentType: "text/plain"], body: ResponseBody(byteBuffer: ByteBuffer(string: "ok")))
}
router.post("/:version/:phone/messages") { request, _ -> Response in
    _ = try await request.body.collect(upTo: 1 << 20)
    let n = sends.value.add(1, ordering: .relaxed).newValue
    let body = #"{"messaging_product":"whatsapp","contacts":[{"wa_id":"1"}],"messages":[{"id":"wamid.OUT\#(n)"}]}"#
    return Response(status: .ok, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
}
router.get("/healthz") { _, _ in "ok\n" }
router.get("/count") { _, _ in "\(sends.value.load(ordering: .relaxed))\n" }

var logger = Logger(label: "bare")
logger.logLevel = .warning
let app = Application(router: router, configuration: .init(address: .hostname(host, port: port), serverName: "bare"), logger: logger)
try await app.runService()
