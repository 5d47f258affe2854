/** The claims registry: every paper's claims, in the order the report shows them. */
import { ConfigError } from '../../errors.js';
import { PAPERS, type Claim, type PaperKey } from './claim.js';
import { chen2018Claims } from './chen2018.js';
import { du2019Claims } from './du2019.js';
import { du2019InitClaims } from './du2019Init.js';
import { du2019TrainingClaims } from './du2019Training.js';
import { du2019ConvergenceClaims } from './du2019Convergence.js';
import { du2019DepthClaims } from './du2019Depth.js';
import { zou2018Claims } from './zou2018.js';
import { zou2018InitClaims } from './zou2018Init.js';
import { zou2018RateClaims } from './zou2018Rates.js';
import { liu2020Claims } from './liu2020.js';
import { liu2020InitClaims } from './liu2020Init.js';
import { liu2020ArchitectureClaims } from './liu2020Architectures.js';
import { liu2020SwishClaims } from './liu2020Swish.js';
import { liu2020BottleneckClaims } from './liu2020Bottleneck.js';
import { allenZhu2019Claims } from './allenzhu2019.js';
import { allenZhu2019HorizonClaims } from './allenzhu2019Horizon.js';
import { allenZhu2019SgdClaims } from './allenzhu2019Sgd.js';

export const ALL_CLAIMS: readonly Claim[] = [...chen2018Claims, ...zou2018Claims, ...zou2018RateClaims, ...zou2018InitClaims, ...du2019Claims, ...du2019TrainingClaims, ...du2019ConvergenceClaims, ...du2019DepthClaims, ...du2019InitClaims, ...liu2020Claims, ...liu2020ArchitectureClaims, ...liu2020SwishClaims, ...liu2020BottleneckClaims, ...liu2020InitClaims, ...allenZhu2019Claims, ...allenZhu2019SgdClaims, ...allenZhu2019HorizonClaims];

/** Claims selected by paper and/or claim ids (errors list what exists). */
export function selectClaims(opts: { papers?: string[]; claims?: string[] }): Claim[] {
  let out = [...ALL_CLAIMS];
  if (opts.papers && opts.papers.length > 0) {
    for (const p of opts.papers) {
      if (!(PAPERS as readonly string[]).includes(p)) throw new ConfigError(`--paper must be one of ${PAPERS.join(', ')}; got "${p}"`);
    }
    out = out.filter((c) => opts.papers!.includes(c.paper));
  }
  if (opts.claims && opts.claims.length > 0) {
    for (const id of opts.claims) {
      if (!ALL_CLAIMS.some((c) => c.id === id)) throw new ConfigError(`no claim "${id}"; claims: ${ALL_CLAIMS.map((c) => c.id).join(', ')}`);
    }
    out = out.filter((c) => opts.claims!.includes(c.id));
  }
  return out;
}

export type { Claim, PaperKey };
