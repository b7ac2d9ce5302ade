import CLibWebSockets
import Logging

/// libwebsockets' `lwsl_*` macros are variadic and cannot be called from Swift;
/// its own log lines are routed into swift-log through the emit callback instead.
let lwsLogger = Logger(label: "tavolo.lws")

func installLibWebSocketsLogging() {
    let levels = Int32(LLL_ERR | LLL_WARN)
    lws_set_log_level(levels, { level, line in
        guard let line else { return }
        var text = String(cString: line)
        while text.last == "\n" { text.removeLast() }
        if level & Int32(LLL_ERR) != 0 {
            lwsLogger.error("\(text)")
        } else {
            lwsLogger.warning("\(text)")
        }
    })
}
