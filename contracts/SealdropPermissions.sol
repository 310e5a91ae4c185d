// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title Sealdrop permissioning contract
/// @notice Decides who may retrieve the key of a sealed document (DESIGN §4). Every key server node
///         asks `checkPermissions` at the latest block before it answers a retrieval, the same call
///         Parity's Secret Store made, so a Parity-style ACL contract and this one are interchangeable.
/// @dev Per document: an owner (the first address to register it; Sealdrop's client registers right
///      after generating the server key, so that is the key's author), the registrant (never changes,
///      so nodes can check the document was registered by the key's author and not by someone who
///      saw the document id first), and grants per user with an optional expiry. Mappings only, no
///      loops: every call costs the same however many users were ever granted. Lists of grants and
///      the audit history are built off chain from the events.
contract SealdropPermissions {
    /// @dev The owner may change; the registrant never does.
    struct Document {
        address owner;
        address registrant;
    }

    /// @dev One storage slot per (document, user).
    struct Grant {
        bool granted;
        /// Unix seconds; 0 = never expires. Access holds while block.timestamp < expiresAt.
        uint64 expiresAt;
    }

    mapping(bytes32 document => Document) private documents;
    mapping(bytes32 document => mapping(address user => Grant)) private grants;

    /// @notice `caller` is not the owner of `document`, so it may not change its grants or owner.
    error NotOwner(bytes32 document, address caller);
    /// @notice `document` already has an owner.
    error AlreadyRegistered(bytes32 document);
    /// @notice `document` was never registered.
    error NotRegistered(bytes32 document);
    /// @notice The zero address cannot be granted access or own a document.
    error ZeroAddress();

    /// @notice `owner` registered `document` and owns it from now on.
    event DocumentRegistered(bytes32 indexed document, address indexed owner);
    /// @notice `user` may retrieve `document` until `expiresAt` (unix seconds; 0 = no expiry).
    ///         A later grant to the same user replaces the earlier one.
    event AccessGranted(bytes32 indexed document, address indexed user, uint64 expiresAt);
    /// @notice `user` may no longer retrieve `document`.
    event AccessRevoked(bytes32 indexed document, address indexed user);
    /// @notice The owner of `document` changed from `previousOwner` to `newOwner`.
    event OwnershipTransferred(bytes32 indexed document, address indexed previousOwner, address indexed newOwner);

    /// @dev Reverts unless msg.sender owns `document` (NotRegistered when nobody does).
    modifier onlyOwner(bytes32 document) {
        address owner = documents[document].owner;
        if (owner == address(0)) revert NotRegistered(document);
        if (owner != msg.sender) revert NotOwner(document, msg.sender);
        _;
    }

    /// @notice Registers `document` with the caller as its owner and registrant.
    /// @param document The 32-byte document id (Parity's server key id).
    function register(bytes32 document) external {
        Document storage entry = documents[document];
        if (entry.owner != address(0)) revert AlreadyRegistered(document);
        entry.owner = msg.sender;
        entry.registrant = msg.sender;
        emit DocumentRegistered(document, msg.sender);
    }

    /// @notice Lets `user` retrieve `document` until `expiresAt`, replacing any earlier grant.
    /// @dev An expiry in the past is accepted and simply grants nothing; 0 means no expiry.
    /// @param document The document id.
    /// @param user The address that may retrieve the document key.
    /// @param expiresAt Unix seconds after which the grant no longer holds; 0 = never.
    function grant(bytes32 document, address user, uint64 expiresAt) external onlyOwner(document) {
        if (user == address(0)) revert ZeroAddress();
        grants[document][user] = Grant({granted: true, expiresAt: expiresAt});
        emit AccessGranted(document, user, expiresAt);
    }

    /// @notice Withdraws `user`'s grant on `document`. Nothing happens (and nothing is emitted)
    ///         when the user has no grant. The owner's own access cannot be revoked, only transferred.
    /// @param document The document id.
    /// @param user The address whose grant ends.
    function revoke(bytes32 document, address user) external onlyOwner(document) {
        if (!grants[document][user].granted) return;
        delete grants[document][user];
        emit AccessRevoked(document, user);
    }

    /// @notice Makes `newOwner` the owner of `document`; the caller loses the owner's rights
    ///         (and its own access, unless it was granted access as a user).
    /// @param document The document id.
    /// @param newOwner The next owner; not the zero address.
    function transferOwnership(bytes32 document, address newOwner) external onlyOwner(document) {
        if (newOwner == address(0)) revert ZeroAddress();
        documents[document].owner = newOwner;
        emit OwnershipTransferred(document, msg.sender, newOwner);
    }

    /// @notice The current owner of `document`, or the zero address when it is not registered.
    function ownerOf(bytes32 document) external view returns (address) {
        return documents[document].owner;
    }

    /// @notice The address that registered `document` (it never changes), or the zero address.
    function registrantOf(bytes32 document) external view returns (address) {
        return documents[document].registrant;
    }

    /// @notice The grant recorded for `user` on `document`, whether or not it has expired.
    /// @return granted True when the owner granted access and did not revoke it.
    /// @return expiresAt Unix seconds after which the grant no longer holds; 0 = never.
    function accessOf(bytes32 document, address user) external view returns (bool granted, uint64 expiresAt) {
        Grant storage entry = grants[document][user];
        return (entry.granted, entry.expiresAt);
    }

    /// @notice Parity's ACL check (selector 0xb36a9a7c): may `user` retrieve the key of `document`
    ///         now? True for the owner and for a grant that has not expired at this block; false for
    ///         an unregistered document.
    function checkPermissions(address user, bytes32 document) external view returns (bool) {
        address owner = documents[document].owner;
        if (owner == address(0)) return false;
        if (user == owner) return true;
        Grant storage entry = grants[document][user];
        return entry.granted && (entry.expiresAt == 0 || block.timestamp < entry.expiresAt);
    }
}
