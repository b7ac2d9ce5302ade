import Crypto
import Foundation
import TavoloDomain
import TavoloExport
import TavoloTransport

/// The signed copy of an approved verbale (issue 13): the chair or the secretary uploads the
/// PDF they signed (PAdES) or its `.p7m` (CAdES); once it checks out it is kept append-only
/// beside the record, and from then on it is what the history view and the public page serve.
extension HistoryAPI {
    func uploadSignedCopy(_ request: APIRequest) async throws -> HTTPResponse {
        let (table, caller) = try await readableTable(request)
        let sessionID = request.parameters[.session]
        let archive = try await TableArchive.load(table: table.id, store: store, domain: domain)
        guard let session = archive.state.sessions.first(where: { $0.id == sessionID }) else {
            throw HTTPError.notFound("session \(sessionID) not found at table \(table.id)")
        }
        guard session.status == .approved, let approvedHash = session.approvedContentHash else {
            throw HTTPError(status: 409, message: "the verbale of session \(sessionID) is not approved yet (status: \(session.status.rawValue)): sign it once approved")
        }
        if case .member(_, _, let invitation) = caller {
            let principal = "invitation:" + invitation
            guard principal == session.details.chair || principal == session.details.secretary else {
                throw HTTPError.forbidden("only the chair or the secretary of the session (or an administrator) can upload its signed verbale")
            }
        }
        guard !request.http.body.isEmpty else { throw HTTPError.badRequest("send the signed file as the request body") }
        let verified: SignedCopyCheck.Verified
        do {
            verified = try await signatures.verify(request.http.body, approvedHash: approvedHash)
        } catch let refusal as SignedCopyCheck.Refusal {
            if case .checkerMissing = refusal { throw HTTPError.unavailable(refusal.description) }
            throw HTTPError(status: 422, message: refusal.description)
        }
        let copy = SignedCopy(
            table: table.id, session: sessionID, kind: verified.kind.rawValue, bytes: request.http.body,
            sha256: SHA256.hash(data: request.http.body).map { String(format: "%02x", $0) }.joined(), contentHash: approvedHash,
            uploadedBy: caller.auditActor)
        // The client gave up while the file was checked: nothing is kept.
        try Task.checkCancellation()
        try await domain.addSignedCopy(copy)
        return try .encoded(SignedCopyBody(copy), status: 201)
    }

    func signedCopy(_ request: APIRequest) async throws -> HTTPResponse {
        let (table, _) = try await readableTable(request)
        let sessionID = request.parameters[.session]
        guard let copy = try await domain.signedCopies(table: table.id).last(where: { $0.session == sessionID }) else {
            throw HTTPError.notFound("no signed copy of the verbale of session \(sessionID) yet")
        }
        let name = "verbale-\(table.id)-\(sessionID)-firmato" + (copy.kind == "cades" ? ".pdf.p7m" : ".pdf")
        return Self.attachment(ExportedFile(
            contentType: copy.kind == "cades" ? "application/pkcs7-mime" : "application/pdf", filename: name, bytes: copy.bytes))
    }
}

/// What the API says about a signed copy (never its bytes).
struct SignedCopyBody: Encodable {
    var session: String
    var kind: String
    var sha256: String
    var contentHash: String
    var uploadedAt: Date
    var uploadedBy: String

    init(_ copy: SignedCopy) {
        session = copy.session
        kind = copy.kind
        sha256 = copy.sha256
        contentHash = copy.contentHash
        uploadedAt = copy.uploadedAt
        uploadedBy = copy.uploadedBy
    }
}
