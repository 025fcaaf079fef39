"""A Merkle tree over 32-byte item hashes: one root to timestamp, one short path per item.

Leaves are salted with a random nonce per item, so the sibling hashes in one item's path say
nothing about the other items in the same tree (other victims' exhibits among them: a police
reader holding a file could otherwise test whether someone else's log has it). Hashes are
domain-separated as in RFC 6962, so a leaf can never pass for a node: leaf = SHA-256(0x00 ||
nonce || item), node = SHA-256(0x01 || left || right). An odd node at the end of a level is
carried up unchanged (never paired with itself, which would let two trees share a root).
"""

import dataclasses
import hashlib
import secrets

NONCE_BYTES = 16
HASH_BYTES = 32
LEFT, RIGHT = "left", "right"


def new_nonce() -> bytes:
    return secrets.token_bytes(NONCE_BYTES)


def leaf_hash(item: bytes, nonce: bytes) -> bytes:
    if len(item) != HASH_BYTES or len(nonce) != NONCE_BYTES:
        raise ValueError("a leaf is a 32-byte hash with a 16-byte nonce")
    return hashlib.sha256(b"\x00" + nonce + item).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


@dataclasses.dataclass
class Tree:
    root: bytes
    # paths[i]: the steps from leaf i up to the root, each (LEFT or RIGHT, sibling hash):
    # the side the sibling sits on.
    paths: list[list[tuple[str, bytes]]]


def build_tree(leaves: list[bytes]) -> Tree:
    """The tree over `leaves` (already leaf hashes), with every leaf's path to the root."""
    if not leaves:
        raise ValueError("a Merkle tree needs at least one leaf")
    paths: list[list[tuple[str, bytes]]] = [[] for _ in leaves]
    # positions[i]: where leaf i's ancestor sits in the current level.
    positions = list(range(len(leaves)))
    level = list(leaves)
    while len(level) > 1:
        parents = []
        for index in range(0, len(level), 2):
            if index + 1 < len(level):
                parents.append(node_hash(level[index], level[index + 1]))
            else:
                parents.append(level[index])
        for leaf, position in enumerate(positions):
            sibling = position ^ 1
            if sibling < len(level):
                side = LEFT if sibling < position else RIGHT
                paths[leaf].append((side, level[sibling]))
            positions[leaf] = position // 2
        level = parents
    return Tree(root=level[0], paths=paths)


def root_from_path(leaf: bytes, path: list[tuple[str, bytes]]) -> bytes:
    """The root that `leaf` and its path lead to (compare it with the timestamped root)."""
    node = leaf
    for side, sibling in path:
        if side == LEFT:
            node = node_hash(sibling, node)
        elif side == RIGHT:
            node = node_hash(node, sibling)
        else:
            raise ValueError(f"unknown side {side!r} in a Merkle path")
    return node


def path_to_json(path: list[tuple[str, bytes]]) -> list[dict]:
    return [{side: sibling.hex()} for side, sibling in path]


def path_from_json(data: list[dict]) -> list[tuple[str, bytes]]:
    steps = []
    for step in data:
        ((side, sibling),) = step.items()
        steps.append((side, bytes.fromhex(sibling)))
    return steps
