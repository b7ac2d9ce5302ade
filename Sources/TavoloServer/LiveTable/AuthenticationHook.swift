import TavoloSync
import TavoloTransport

/// Puts an `Authenticator` (invitations, or open mode) in the lifecycle: both of its questions
/// may wait on the database, so both run off the loop.
final class AuthenticationHook: SyncHook {
    let authenticator: any Authenticator

    init(_ authenticator: any Authenticator) { self.authenticator = authenticator }

    func authenticate(_ hello: ClientMessage.Hello, connection: ConnectionInfo) -> HookResult<Principal?> {
        .later(Deferred({ [authenticator] in await authenticator.authenticate(hello) }) { result in
            switch result {
            case .success(let principal): .done(principal)
            case .failure(let error): .refused(error)
            }
        })
    }

    func authorizeJoin(_ principal: Principal, table: String) -> HookResult<Void> {
        .later(Deferred({ [authenticator] in await authenticator.mayJoin(principal, table: table) }) { allowed in
            allowed ? .proceed : .refused(ProtocolError(.unauthorized, "not invited to table \(table)"))
        })
    }
}
