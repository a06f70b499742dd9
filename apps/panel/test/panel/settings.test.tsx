import { Settings } from '@reanimate/panel-ui/app/Settings.tsx';
import { EMPTY_SETTINGS } from '@reanimate/panel-ui/app/settings-model.ts';
import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

describe('the Media Encoder setting', () => {
  it('says that starting Media Encoder\u2019s queue also starts the other jobs queued there', () => {
    render(
      <Settings
        settings={EMPTY_SETTINGS}
        tokenSet
        teamKeySet={false}
        onSave={async () => {}}
        onTest={async () => []}
      />,
    );
    expect(screen.getByText(/also starts any other jobs you had queued there/)).toBeTruthy();
  });
});
