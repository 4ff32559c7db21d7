// ContractState.ToStackItem (Neo 3.7): [id, updateCounter, hash, NEF bytes, manifest], the manifest as a Struct
// [name, groups, features (an empty Map), supported standards, ABI [methods, events], permissions, trusts (Null
// for the wildcard), extra (its JSON, "null" when there is none)].
import type { ContractParamType, ContractState, StackItem } from '../../sdk/blockchain-types.js';
import { scriptHashToBytes } from './address.js';
import { BinaryWriter } from './bytes.js';
import { nefBody } from './native-contracts.js';
import { anyItem, arrayItem, booleanItem, bytesItem, integerItem, structItem, textItem } from './stack-item.js';

/** ContractParameterType's byte values. */
const PARAM_TYPE: Record<ContractParamType, number> = {
  Any: 0x00,
  Boolean: 0x10,
  Integer: 0x11,
  ByteArray: 0x12,
  String: 0x13,
  Hash160: 0x14,
  Hash256: 0x15,
  PublicKey: 0x16,
  Signature: 0x17,
  Array: 0x20,
  Map: 0x22,
  InteropInterface: 0x30,
  Void: 0xff,
};

/** NefFile serialized: its body (nefBody), then the checksum. */
export function nefBytes(nef: ContractState['nef']): Buffer {
  if (nef.tokens.length > 0) throw new TypeError('NEF method tokens are not supported by the local chain');
  return new BinaryWriter().bytes(nefBody({ ...nef, script: Buffer.from(nef.script, 'base64') })).u32(nef.checksum).toBuffer();
}

/** A permission's contract: a script hash (0x…, as stored: little-endian) or a group's public key (hex). */
function descriptorBytes(descriptor: string): Buffer {
  return descriptor.startsWith('0x') ? scriptHashToBytes(descriptor) : Buffer.from(descriptor, 'hex');
}

function parametersItem(parameters: { name: string; type: ContractParamType }[]): StackItem {
  return arrayItem(parameters.map((p) => structItem([textItem(p.name), integerItem(PARAM_TYPE[p.type])])));
}

export function contractStateItem(state: ContractState): StackItem {
  const { manifest } = state;
  const manifestItem = structItem([
    textItem(manifest.name),
    arrayItem(manifest.groups.map((g) => structItem([bytesItem(Buffer.from(g.pubkey, 'hex')), bytesItem(Buffer.from(g.signature, 'base64'))]))),
    { type: 'Map', value: [] },
    arrayItem(manifest.supportedstandards.map(textItem)),
    structItem([
      arrayItem(
        manifest.abi.methods.map((m) =>
          structItem([textItem(m.name), parametersItem(m.parameters), integerItem(PARAM_TYPE[m.returntype]), integerItem(m.offset), booleanItem(m.safe)]),
        ),
      ),
      arrayItem(manifest.abi.events.map((e) => structItem([textItem(e.name), parametersItem(e.parameters)]))),
    ]),
    arrayItem(
      manifest.permissions.map((p) =>
        structItem([
          p.contract === '*' ? anyItem() : bytesItem(descriptorBytes(p.contract)),
          p.methods === '*' ? anyItem() : arrayItem(p.methods.map(textItem)),
        ]),
      ),
    ),
    manifest.trusts === '*' ? anyItem() : arrayItem(manifest.trusts.map((t) => bytesItem(descriptorBytes(t)))),
    textItem(manifest.extra === null || manifest.extra === undefined ? 'null' : JSON.stringify(manifest.extra)),
  ]);
  return arrayItem([
    integerItem(state.id),
    integerItem(state.updatecounter),
    bytesItem(scriptHashToBytes(state.hash)),
    bytesItem(nefBytes(state.nef)),
    manifestItem,
  ]);
}
