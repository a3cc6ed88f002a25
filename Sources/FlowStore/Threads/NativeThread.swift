import Glibc

/// A joinable pthread running one closure: the store's writer and readers live on these, so
/// blocking SQLite calls and fsyncs never occupy Swift's cooperative thread pool.
struct NativeThread: Sendable {
    private final class Body {
        let run: @Sendable () -> Void
        init(run: @escaping @Sendable () -> Void) {
            self.run = run
        }
    }

    private let id: pthread_t

    /// Starts a thread running `body`; `name` says which in errors.
    init(name: String, _ body: @escaping @Sendable () -> Void) throws(StoreError) {
        let context = Unmanaged.passRetained(Body(run: body)).toOpaque()
        var id = pthread_t()
        let rc = pthread_create(&id, nil, { raw in
            guard let raw else { return nil }
            let body = Unmanaged<Body>.fromOpaque(raw).takeRetainedValue()
            body.run()
            return nil
        }, context)
        guard rc == 0 else {
            Unmanaged<Body>.fromOpaque(context).release()
            throw .io("cannot start the store's \(name) thread (pthread_create error \(rc)); the system is out of threads or memory")
        }
        self.id = id
    }

    /// Waits for the thread to finish.
    func join() {
        pthread_join(id, nil)
    }
}
