/**
 * The shared record, pure: canonical JSON (RFC 8785), signed events, per-party chains, the
 * RFC 9162 Merkle log, C2SP signed-note checkpoints and transcript verification.
 * No I/O, no clock, no randomness: callers pass everything in.
 */
export { canonicalize, canonicalBytes, type Json, type JsonObject } from './canonical.js';
export { RecordError, CanonicalizationError, VerificationError } from './errors.js';
export { sha256, sha256Hex } from './hash.js';
export {
  signingKeyFromSeed, generateSigningKey, verifyingKey, decodeBase64,
  type SigningKey, type VerifyingKey,
} from './keys.js';
export {
  EVENT_FORMAT_VERSION, EVENT_TIME_PATTERN, bodyHashOf, signingInput, eventIdOf, signEvent, envelopeOf, eventTexts,
  prepareEvent, completeSignature, isAwaitingSignature, type PreparedEvent,
  leafDataOf, envelopeText, hasValidSignature, hasMatchingBody,
  type Brand, type EventId, type PartyId, type DialogueId, type MemberId,
  type EventHeader, type Envelope, type SignedEvent,
} from './event.js';
export { nextChainFields, type ChainHead, type ChainHeads } from './chain.js';
export { parseSignedEvent, EventShapeError } from './parse.js';
// Merkle log (RFC 9162): ./merkle/index.ts
export * from './merkle/index.js';
// Signed notes and checkpoints (C2SP signed-note, tlog-checkpoint).
export {
  noteKeyHash, verifierKeyString, parseVerifierKey, isValidKeyName, signNote, openNote,
  type NoteVerifier, type NoteSigner, type OpenedNote,
} from './note.js';
export {
  checkpointOrigin, formatCheckpoint, parseCheckpoint, signCheckpoint, openCheckpoint,
  type Checkpoint, type OpenedCheckpoint,
} from './checkpoint.js';
// Witness cosignatures on checkpoints (C2SP tlog-cosignature v1, Ed25519).
export {
  cosignerKeyHash, cosignerKeyString, parseCosignerKey, cosignatureMessage, cosignatureLine, addCosignature, openCosignatures,
  type CosignerVerifier, type VerifiedCosignature,
} from './cosignature.js';
// Transcripts: the export format, and its streaming verifier.
export {
  TRANSCRIPT_FORMAT, TranscriptError, buildTranscript, parseTranscriptHeader,
  type Transcript, type TranscriptParty, type TranscriptInput, type TranscriptHeader, type TranscriptErrorContext,
} from './transcript.js';
export {
  TranscriptVerifier, verifyTranscript, signatureError,
  type SignatureTask, type TranscriptKeys, type TranscriptSummary, type TranscriptVerifierOptions,
} from './transcript-verifier.js';
